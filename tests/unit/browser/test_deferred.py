import asyncio

import pytest

from kustomer_bridge.browser.core.deferred import Deferred, settled

from fakes import run_in_own_loop


def test_settles_once_and_reports_it():
    result = Deferred()
    assert result.resolve(1) is True
    assert result.resolve(2) is False and result.reject(ValueError()) is False
    assert result.result() == 1 and result.done() and not result.failed()


def test_rejected_raises_its_error():
    result = settled(error=KeyError("k"))
    assert result.failed() and isinstance(result.error(), KeyError)
    with pytest.raises(KeyError):
        result.result()


def test_pending_result_is_an_error():
    with pytest.raises(RuntimeError, match="not ready"):
        Deferred().result()


def test_done_callbacks_run_once_and_at_once_when_already_settled():
    result, seen = Deferred(), []
    result.add_done_callback(lambda done: seen.append(("early", done.result())))
    result.resolve("v")
    result.add_done_callback(lambda done: seen.append(("late", done.result())))
    assert seen == [("early", "v"), ("late", "v")]


def test_awaitable_before_and_after_settling():
    async def scenario():
        pending = Deferred()
        asyncio.get_running_loop().call_later(0.01, pending.resolve, "later")
        failing = Deferred()
        failing.reject(ValueError("no"))
        try:
            await failing
        except ValueError as error:
            caught = str(error)
        return await pending, await settled("now"), caught

    assert run_in_own_loop(scenario) == ("later", "now", "no")
