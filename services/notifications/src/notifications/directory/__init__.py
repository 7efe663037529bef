"""The staff directory's API: SCIM 2.0 for the identity provider, just-in-time provisioning."""
