"""Sign in with one's own website (IndieAuth): the site names the server that vouches for it."""
