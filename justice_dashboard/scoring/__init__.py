"""Thi đua scoring the way the sector scores it: yearly scoring tables as data (`tables`), points
from the figures (`engine`), manual points as immutable dated versions (`manual`), what the page and
the exports show (`display`, `sheet`)."""
