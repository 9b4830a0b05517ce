"""Finding each essay's own page on the author's blog: `scheduler links discover`.

``titles`` compares titles (pure), ``sources`` reads what a site publishes about its posts
(pure: text in, records out), ``fetch`` is the one bounded HTTP client, ``discover`` walks a
site with it, and ``essay_urls`` writes the result into the config, comments kept.
"""
