"""Quote index: the review's sentences and film lines, tagged, spoiler-flagged and searchable."""
