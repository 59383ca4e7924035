"""Tenancy: companies, memberships, company groups, custom roles and the Actor."""
