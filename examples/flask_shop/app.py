"""A Flask shop with Kustomer Chat on its order pages.

    pip install "kustomer-bridge[flask]"
    KUSTOMER_API_KEY=... KUSTOMER_BRAND_ID=... flask --app app run

KustomerBridge serves the bundle under /kustomer-bridge/ and gives templates kustomer_chat().
KUSTOMER_RUNTIME=py runs the bridge on Pyodide instead of MicroPython.
"""

import os

from flask import Flask, render_template

from kustomer_bridge.flask import KustomerBridge

app = Flask(__name__)
KustomerBridge(app)


@app.route("/orders/<number>")
def order(number):
    return render_template(
        "order.html",
        number=number,
        chat_key=os.environ.get("KUSTOMER_API_KEY", "YOUR_CHAT_KEY"),
        brand_id=os.environ.get("KUSTOMER_BRAND_ID", "YOUR_BRAND_ID"),
        runtime=os.environ.get("KUSTOMER_RUNTIME", "mpy"),
    )
