"""Where two PCs' logs part, from the terms each went through (``epoch.shared_upto``)."""

from __future__ import annotations

from loket.hub.epoch import parse_lineage, shared_upto

A, B, C, D = "a" * 64, "b" * 64, "c" * 64, "d" * 64


def test_the_same_terms_share_everything() -> None:
    steps = [(1, 0, A), (5, 40, B)]
    assert shared_upto(steps, list(steps)) is None


def test_a_newer_hub_of_the_same_line_starts_where_it_took_over() -> None:
    assert shared_upto([(1, 0, A)], [(1, 0, A), (5, 40, B)]) == 40


def test_siblings_part_at_the_earlier_start_whatever_their_epochs() -> None:
    # B took over from A at event 40; C, promoted later from a PC that had only 25 of
    # A's events and never heard of B, took over too; D follows C.
    old = [(1, 0, A), (5, 40, B)]
    new = [(1, 0, A), (7, 25, C), (9, 1030, D)]
    assert shared_upto(old, new) == 25
    assert shared_upto(new, old) == 25
    # An old hub whose copy of A stopped earlier than the new hub's start.
    assert shared_upto([(1, 0, A), (5, 10, B)], new) == 10


def test_the_same_epoch_number_drawn_by_two_pcs_is_two_terms() -> None:
    assert shared_upto([(1, 0, A), (5, 0, B)], [(1, 0, A), (5, 0, C)]) == 0


def test_a_lineage_told_without_fingerprints_still_compares() -> None:
    told = parse_lineage([[1, 0], [5, 40, B], ["x"], "junk", [None, 3]])
    assert told == ((1, 0, ""), (5, 40, B))
    assert shared_upto([(1, 0, A)], told) == 40
    assert parse_lineage(None) == ()
