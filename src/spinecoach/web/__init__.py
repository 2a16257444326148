"""The web server: the app factory, the /api/v1 routes and their guards."""
