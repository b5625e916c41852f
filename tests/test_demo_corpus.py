"""The demo corpus and its gold annotations stay consistent (names occur in the text, dates parse, ...)."""

from tests.data.demo_corpus_check import main


def test_demo_corpus_gold_files_are_consistent(capsys):
    assert main([]) == 0, capsys.readouterr().out
