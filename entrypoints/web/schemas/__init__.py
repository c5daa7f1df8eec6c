"""Marshmallow schemas of the web API: they parse requests, dump responses and feed the OpenAPI document."""
