from django.core.management.base import BaseCommand

from meetings.exports import fill_export_lines
from meetings.extraction import EXTRACTOR_VERSION, extract
from meetings.extraction.schema import Document
from meetings.ingest import ROLLUP_EVERY, IngestReport, apply_rollup_changes, curated_gazetteer
from meetings.models import Article
from meetings.resolve import Resolver
from meetings.store import reextract_article


class Command(BaseCommand):
    help = (
        "Re-run extraction over stored articles. Verified, rejected and locked meetings and "
        "participations an editor touched are kept as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, action="append", help="Only this article id (repeatable).")
        parser.add_argument(
            "--outdated", action="store_true", help=f"Only articles not extracted by {EXTRACTOR_VERSION}."
        )

    def handle(self, *args, article, outdated, **options):
        articles = Article.objects.select_related("source").order_by("id")
        if article:
            articles = articles.filter(pk__in=article)
        if outdated:
            articles = articles.exclude(extractor_version=EXTRACTOR_VERSION)
        gazetteer = curated_gazetteer()
        resolver = Resolver()
        totals = {"articles": 0, "meetings_created": 0, "meetings_merged": 0}
        pending = IngestReport()  # only its rollup bookkeeping is used
        for stored in articles.iterator(chunk_size=200):
            document = Document(
                text=stored.text,
                origin=f"article {stored.pk}",
                title=stored.title or None,
                source=stored.source.name if stored.source else None,
                published=stored.published,
                url=stored.url,
                dateline_place=stored.dateline_place or None,
                dateline_date=stored.dateline_date,
                language=stored.language or None,
            )
            outcome = reextract_article(
                article=stored, extraction=extract(document, gazetteer), resolver=resolver
            )
            totals["articles"] += 1
            totals["meetings_created"] += outcome.meetings_created
            totals["meetings_merged"] += outcome.meetings_merged
            pending.changed_meetings |= outcome.changed_meetings
            pending.previous_months |= outcome.previous_months
            if len(pending.changed_meetings) >= ROLLUP_EVERY:
                apply_rollup_changes(pending)
        apply_rollup_changes(pending)
        fill_export_lines()
        self.stdout.write(
            f"re-extracted {totals['articles']} articles with {EXTRACTOR_VERSION}: "
            f"{totals['meetings_created']} meetings created, {totals['meetings_merged']} matched known meetings"
        )
