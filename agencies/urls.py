from django.urls import path

from . import auth_views

urlpatterns = [
    path("sign-in/two-factor/", auth_views.two_factor, name="two_factor"),
    path("sign-in/two-factor/set-up/", auth_views.two_factor_set_up, name="two_factor_set_up"),
    path("session/keep-alive/", auth_views.session_keep_alive, name="session_keep_alive"),
]
