"""Evaluation on real annotated corpora (``storydiff eval``).

One loader per corpus in ``corpora/``, one scorer per task (``extract``, ``timex``,
``quotes``, ``coref``, ``stories``), shared metrics in ``metrics.py``, and the quality gate
in ``gate.py`` with its floors in ``floors.toml``.
"""
