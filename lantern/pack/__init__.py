"""The film pack: review text plus TOML, validated at start-up."""

from lantern.pack.loader import load_film_pack
from lantern.pack.model import (
    DIFFICULTIES,
    BlankGroup,
    Character,
    FilmLine,
    FilmPack,
    Prompt,
    Question,
)

__all__ = [
    "DIFFICULTIES",
    "BlankGroup",
    "Character",
    "FilmLine",
    "FilmPack",
    "Prompt",
    "Question",
    "load_film_pack",
]
