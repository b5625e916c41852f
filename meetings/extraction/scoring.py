"""The metrics of docs/extraction-schema.md, computed from gold and predicted article dicts.

Pure: takes the gold JSON format and the extract output format (ArticleExtraction.to_json()).

- Names match when their name_key()s are equal (against the gold name or any alias), or when a
  prediction of two or more words uses only words of the gold name and includes its last word.
- Per article, predicted meetings are matched one-to-one to gold meetings by the largest number of
  shared principals (greedy, largest first, ties by order); a prediction sharing no principal is a
  false positive, an unmatched gold meeting a false negative.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .normalise import fold, name_key, name_words, org_key

COUNT_KEYS = (
    "articles", "gold_meetings", "predicted_meetings", "matched_meetings",
    "gold_principals", "predicted_principals", "matched_principals",
    "affiliation_correct", "title_total", "title_correct",
    "gold_countries", "predicted_countries", "matched_countries",
    "gold_organizations", "predicted_organizations", "matched_organizations",
    "date_total", "date_correct", "location_total", "location_correct", "kind_correct",
)  # fmt: skip


def names_match(predicted: str, gold_name: str, gold_aliases: Iterable[str] = ()) -> bool:
    key = name_key(predicted)
    if not key:
        return False
    if key == name_key(gold_name) or any(key == name_key(a) for a in gold_aliases):
        return True
    words = name_words(predicted)
    gold_words = name_words(gold_name)
    return len(words) >= 2 and bool(gold_words) and set(words) <= set(gold_words) and gold_words[-1] in words


def _principals(meeting: dict) -> list[dict]:
    return [p for p in meeting.get("participants") or [] if (p.get("role") or "principal") == "principal"]


def _pair_principals(gold: dict, predicted: dict) -> list[tuple[dict, dict]]:
    """One-to-one pairs (gold principal, predicted principal) whose names match."""
    pairs = []
    used: set[int] = set()
    for g in _principals(gold):
        for index, p in enumerate(_principals(predicted)):
            if index in used:
                continue
            if names_match(p.get("name") or "", g.get("name") or "", g.get("aliases") or ()):
                pairs.append((g, p))
                used.add(index)
                break
    return pairs


def match_meetings(gold: list[dict], predicted: list[dict]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs, one-to-one, largest number of shared principals first."""
    options = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            shared = len(_pair_principals(g, p))
            if shared:
                options.append((-shared, gi, pi))
    options.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches = []
    for _, gi, pi in options:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        matches.append((gi, pi))
    return sorted(matches)


def _org_forms(label: str | None, meeting: dict) -> set[str]:
    """Keys a participant's organization label stands for: the label plus the name and acronym of
    the meeting organization it names."""
    if not label:
        return set()
    key = org_key(label)
    forms = {key}
    for org in meeting.get("organizations") or []:
        org_forms = _one_org_forms(org)
        if key in org_forms:
            forms |= org_forms
    return forms


def _one_org_forms(org: dict | str) -> set[str]:
    if isinstance(org, str):
        return {org_key(org)} - {""}
    return {org_key(v) for v in (org.get("name"), org.get("acronym")) if v} - {""}


def _title_key(title: str | None) -> str:
    return " ".join(re.sub(r"[^a-z]+", " ", fold(title or "").casefold()).split())


def _location_country(meeting: dict) -> str | None:
    location = meeting.get("location") or {}
    return location.get("country") if isinstance(location, dict) else None


def score(pairs: Iterable[tuple[dict, dict]]) -> dict:
    """Metrics over (gold article, predicted article) pairs; see the module docstring."""
    c = dict.fromkeys(COUNT_KEYS, 0)
    for gold_article, predicted_article in pairs:
        c["articles"] += 1
        gold = gold_article.get("meetings") or []
        predicted = predicted_article.get("meetings") or []
        c["gold_meetings"] += len(gold)
        c["predicted_meetings"] += len(predicted)
        c["gold_principals"] += sum(len(_principals(m)) for m in gold)
        c["predicted_principals"] += sum(len(_principals(m)) for m in predicted)
        for gi, pi in match_meetings(gold, predicted):
            g, p = gold[gi], predicted[pi]
            c["matched_meetings"] += 1
            for gp, pp in _pair_principals(g, p):
                c["matched_principals"] += 1
                same_country = (gp.get("country") or None) == (pp.get("country") or None)
                gold_org, pred_org = gp.get("organization"), pp.get("organization")
                if not gold_org and not pred_org:
                    same_org = True
                else:
                    same_org = bool(_org_forms(gold_org, g) & _org_forms(pred_org, p))
                c["affiliation_correct"] += same_country and same_org
                if gp.get("title"):
                    c["title_total"] += 1
                    gt, pt = _title_key(gp["title"]), _title_key(pp.get("title"))
                    c["title_correct"] += bool(pt) and (gt == pt or gt in pt or pt in gt)
            gold_countries = set(g.get("countries") or [])
            pred_countries = set(p.get("countries") or [])
            c["gold_countries"] += len(gold_countries)
            c["predicted_countries"] += len(pred_countries)
            c["matched_countries"] += len(gold_countries & pred_countries)
            gold_orgs = [_one_org_forms(o) for o in g.get("organizations") or []]
            pred_orgs = [_one_org_forms(o) for o in p.get("organizations") or []]
            c["gold_organizations"] += len(gold_orgs)
            c["predicted_organizations"] += len(pred_orgs)
            used: set[int] = set()
            for forms in pred_orgs:
                for index, gold_forms in enumerate(gold_orgs):
                    if index not in used and forms & gold_forms:
                        used.add(index)
                        c["matched_organizations"] += 1
                        break
            if g.get("date"):
                c["date_total"] += 1
                c["date_correct"] += p.get("date") == g["date"]
            if _location_country(g):
                c["location_total"] += 1
                c["location_correct"] += _location_country(p) == _location_country(g)
            c["kind_correct"] += (p.get("kind") or "in_person") == (g.get("kind") or "in_person")

    metrics: dict = {}
    for name, matched, predicted_total, gold_total in (
        ("meetings", "matched_meetings", "predicted_meetings", "gold_meetings"),
        ("principals", "matched_principals", "predicted_principals", "gold_principals"),
        ("countries", "matched_countries", "predicted_countries", "gold_countries"),
        ("organizations", "matched_organizations", "predicted_organizations", "gold_organizations"),
    ):
        precision, recall, f1 = _prf(c[matched], c[predicted_total], c[gold_total])
        metrics[f"{name}_precision"] = precision
        metrics[f"{name}_recall"] = recall
        metrics[f"{name}_f1"] = f1
    metrics["affiliation_accuracy"] = _ratio(c["affiliation_correct"], c["matched_principals"])
    metrics["title_accuracy"] = _ratio(c["title_correct"], c["title_total"])
    metrics["date_accuracy"] = _ratio(c["date_correct"], c["date_total"])
    metrics["location_accuracy"] = _ratio(c["location_correct"], c["location_total"])
    metrics["kind_accuracy"] = _ratio(c["kind_correct"], c["matched_meetings"])
    metrics.update({k: float(v) for k, v in c.items()})
    return metrics


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _prf(matched: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = _ratio(matched, predicted)
    recall = _ratio(matched, gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def format_report(metrics: dict) -> str:
    """A readable table of the metrics."""
    lines = [f"{'metric':<16} {'precision':>9} {'recall':>9} {'f1':>9}"]
    for name in ("meetings", "principals", "countries", "organizations"):
        lines.append(
            f"{name:<16} {metrics[f'{name}_precision']:>9.3f} {metrics[f'{name}_recall']:>9.3f} {metrics[f'{name}_f1']:>9.3f}"
        )
    lines.append("")
    for name, total in (
        ("affiliation", "matched_principals"),
        ("title", "title_total"),
        ("date", "date_total"),
        ("location", "location_total"),
        ("kind", "matched_meetings"),
    ):
        lines.append(
            f"{name + ' accuracy':<22} {metrics[f'{name}_accuracy']:>7.3f}   (n={int(metrics[total])})"
        )
    lines.append("")
    lines.append(
        f"articles {int(metrics['articles'])}, meetings gold {int(metrics['gold_meetings'])} / "
        f"predicted {int(metrics['predicted_meetings'])} / matched {int(metrics['matched_meetings'])}"
    )
    return "\n".join(lines)
