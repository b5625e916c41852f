import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.evaluation import GoldProblem, gold_pairs
from meetings.extraction.scoring import format_report, score

# The quality floor the demo corpus must clear (CI runs `evaluate --check`).
FLOOR = {
    "meetings_f1": 0.95,
    "principals_f1": 0.95,
    "affiliation_accuracy": 0.90,
    "date_accuracy": 0.90,
}


class Command(BaseCommand):
    help = "Score the extractor against gold files (<id>.json beside each input) and print every metric."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("gold_dir", type=Path)
        parser.add_argument("--json", dest="as_json", action="store_true", help="Print the metrics as JSON.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Exit non-zero below the floor: " + ", ".join(f"{k} {v}" for k, v in FLOOR.items()),
        )

    def handle(self, *args, gold_dir, as_json: bool, check: bool, **options):
        if not gold_dir.is_dir():
            raise CommandError(f"{gold_dir}: not a folder")
        pairs, problems = [], []
        for item in gold_pairs(gold_dir):
            if isinstance(item, GoldProblem):
                problems.append(item)
            else:
                gold, predicted, _document = item
                pairs.append((gold, predicted))
        for problem in problems:
            self.stderr.write(f"skipped: {problem.origin}: {problem.reason}")
        if not pairs:
            raise CommandError(f"{gold_dir}: no annotated articles found")
        metrics = score(pairs)
        if as_json:
            self.stdout.write(json.dumps(metrics, indent=2, sort_keys=True))
        else:
            self.stdout.write(format_report(metrics))
        if check:
            below = {
                name: metrics.get(name, 0.0)
                for name, floor in FLOOR.items()
                if metrics.get(name, 0.0) < floor
            }
            if below or problems:
                details = ", ".join(f"{name} {value:.3f} < {FLOOR[name]}" for name, value in below.items())
                raise CommandError(
                    f"below the quality floor: {details or f'{len(problems)} gold problems'}", returncode=1
                )
