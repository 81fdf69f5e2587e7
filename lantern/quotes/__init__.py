"""Quote index: the review's sentences and film lines, tagged, spoiler-flagged and searchable.

- `text`: split the review into sentences with stable ids; where passages sit in it.
- `characters`: tag mentions (names, aliases, descriptions) and resolve what a user typed.
- `index`: `QuoteIndex`, every sentence and film line as a `Quote`.
- `search`: safe FTS5 queries from user text; `render`: markdown and spoiler wrapping.
- `daily`, `picking`, `service`: the daily schedule, random picks, and the features as calls.
"""
