"""The OpenAPI 3 document, generated from the routes and the marshmallow schemas they declare."""
