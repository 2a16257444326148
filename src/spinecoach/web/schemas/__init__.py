"""The API's request and answer schemas, one module per area (XCreate / XUpdate / XPublic).

Answer schemas read attributes as well as dict keys (`from_attributes`), so a route may hand them a
service's record or the dict it builds; each describes exactly the JSON the route sends.
"""
