"""befund: a study's codebook in, a bilingual research-findings website out."""

__version__ = "0.1.0"
