-- Spoilers: per-guild configuration and tracking of tags, violations and actions.
CREATE TABLE spoiler_channels (
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);
