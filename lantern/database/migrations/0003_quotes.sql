-- Quotes: the full-text index of review sentences, last quote per channel, daily quotes.
SELECT 1;
