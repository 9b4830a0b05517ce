"""From a snippet to a post: platform text, X's length, tracked links, hashtags, cards."""
