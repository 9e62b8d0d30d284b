import factory
from django.utils import timezone

from appeals.letters.models import Addressee, EvidenceLetter, LetterKind, LetterStatus
from tests.factories.appeals import AppealCaseFactory

FAKE_PDF = b"%PDF-1.7\n% a stored test letter\n%%EOF\n"


class EvidenceLetterFactory(factory.django.DjangoModelFactory):
    """A queued MR cover letter. Traits: ``ready`` (with a stored file), ``failed``."""

    class Meta:
        model = EvidenceLetter
        skip_postgeneration_save = True

    case = factory.SubFactory(AppealCaseFactory)
    kind = LetterKind.MR_COVER
    version = factory.Sequence(lambda n: n + 1)
    addressee = Addressee.DWP
    letter_date = factory.LazyFunction(timezone.localdate)
    requested_by = factory.LazyAttribute(lambda letter: letter.case.holder)
    requested_at = factory.LazyFunction(timezone.now)
    content = factory.LazyFunction(dict)

    class Params:
        ready = factory.Trait(
            status=LetterStatus.READY,
            file=factory.django.FileField(filename="letter.pdf", data=FAKE_PDF),
            page_count=1,
            size_bytes=len(FAKE_PDF),
            sha256="0" * 64,
            rendered_at=factory.LazyFunction(timezone.now),
            attempts=1,
        )
        failed = factory.Trait(
            status=LetterStatus.FAILED,
            failure_reason="The PDF could not be laid out (ValueError). Try again.",
            attempts=1,
        )
