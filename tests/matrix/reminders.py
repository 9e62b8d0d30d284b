"""Matrix rows for notifications and reminder settings: every signed-in user has their own;
another user's notification is outside their scope (404)."""

from tests.factories import NotificationFactory
from tests.matrix import Row, everyone


def _holders_notification(world) -> dict:
    return {"pk": NotificationFactory(recipient=world.link_worker).pk}


ROWS = {
    "reminders:notifications": Row(expect=everyone(200)),
    "reminders:bell": Row(expect=everyone(200)),
    "reminders:preferences": Row(expect=everyone(200)),
    "reminders:read_all": Row(expect=everyone(302), method="post"),
    "reminders:read": Row(
        expect={"link_worker": 302},
        default=404,
        kwargs=_holders_notification,
        method="post",
    ),
}
