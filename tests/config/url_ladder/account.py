"""The account page and its API tokens are personal, not records of a partnership: everyone signed in
has them, whatever their role. Creating a token renders the page with it (200) for anyone signed in,
the board member too, since a token reads only what its person may read. A token, though, is its
person's alone: anyone else revoking it gets 404, as if it did not exist."""

from knox.models import AuthToken

from .rungs import LOGIN, Rung


def police_leads_token(world):
    # Made afresh for each case; the case's savepoint takes it away again.
    token, _ = AuthToken.objects.create(user=world.police_lead)
    return [token.token_key]


ROWS = {
    "account": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 200,
            "other_partnership": 200,
            "other_agency": 200,
            "read_only_write": 405,
            "right_role": 200,
        },
    ),
    "api_token_create": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 200,
            "other_partnership": 200,
            "other_agency": 200,
            "read_only_write": 200,
            "right_role": 200,
        },
        method="post",
    ),
    "api_token_revoke": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 404,
            "read_only_write": 404,
            "right_role": 302,
        },
        args=police_leads_token,
        right_role="police_lead",
        method="post",
    ),
}
