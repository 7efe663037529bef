"""Authentication, authorisation, district isolation and the access log.

Modules (import what you need; this package root stays light):

* `principal`      – `Principal`, `SYSTEM`
* `permissions`    – the permission matrix (data in `permissions.toml`)
* `jwt_verify`     – `TokenVerifier`, `AuthenticationFailed`
* `middleware`     – Litestar auth middleware, `requires(...)`, `staff_only`, `principal_of`
* `district_scope` – `DistrictOwned`, `bind_principal`, the data-layer district filter
* `access_log`     – `AccessLogEntry`, `record_access`, `verify_chain`, `AccessLogController`
* `api_keys`       – `ApiKeyAuthenticator`: how a service accepts API keys of external systems
* `landlord_rate_limit` – `CredentialThrottle`
* `http_security`  – security headers hook
"""

from bostad_common.auth.principal import SYSTEM, Principal

__all__ = ["SYSTEM", "Principal"]
