"""One page: an order, with Kustomer Chat describing conversations with its number."""

from django.conf import settings
from django.shortcuts import render
from django.urls import path


def order(request, number):
    context = {**settings.KUSTOMER, "number": number, "attributes": {"orderNumberStr": number}}
    return render(request, "order.html", context)


urlpatterns = [path("orders/<str:number>", order)]
