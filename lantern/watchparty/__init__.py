"""Watch parties: a showing booked as a Discord scheduled event, a post at its start and a
spoiler thread when it is over, each sent once."""
