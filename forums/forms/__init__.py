"""The forum's forms, one module per noun (composer, threads, posts, preferences, search)."""
