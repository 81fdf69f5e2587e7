"""The stores: all of Lantern's SQL, per feature, over the one connection `Database` owns."""

from lantern.database.database import Database

__all__ = ["Database"]
