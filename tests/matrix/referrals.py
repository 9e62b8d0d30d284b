"""Matrix rows for the referral pages: a referral of the world's patient (practice A1, held by
``link_worker``). GPs see their own practice's referrals but never change them."""

from tests.factories import ReferralFactory
from tests.matrix import Row, everyone
from tests.matrix.patients import CHANGE, VIEW


def referral(world) -> dict:
    return {"pk": ReferralFactory(patient=world.patient, created_by=world.link_worker).pk}


ROWS = {
    "referrals:list": Row(expect=everyone(200)),
    "referrals:create": Row(expect=everyone(200, gp=403, gp_other_practice=403)),
    "referrals:detail": Row(expect=VIEW, kwargs=referral),
    "referrals:transition": Row(expect=CHANGE, kwargs=referral),
}
