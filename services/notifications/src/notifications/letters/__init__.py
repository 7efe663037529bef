"""Letters to tenants (seed 004): rendered from Swedish templates, queued for print and post."""
