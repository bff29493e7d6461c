from django.urls import path

from . import account_views, auth_views

urlpatterns = [
    path("sign-in/two-factor/", auth_views.two_factor, name="two_factor"),
    path("sign-in/two-factor/set-up/", auth_views.two_factor_set_up, name="two_factor_set_up"),
    path("session/keep-alive/", auth_views.session_keep_alive, name="session_keep_alive"),
    path("account/", account_views.account, name="account"),
    path("account/tokens/", account_views.api_token_create, name="api_token_create"),
    path("account/tokens/<str:token_key>/revoke/", account_views.api_token_revoke, name="api_token_revoke"),
]
