"""API keys as the API shows them: never the key, only its recognisable prefix."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class ApiKeyOut(Schema):
    id: int = Field(..., examples=[12])
    name: str = Field(..., examples=["Invoice export"])
    prefix: str = Field(..., examples=["sr_live_3f9a1c2b7d4e"])
    owner: str = Field(..., examples=["kari@nordlys.example"])
    read_only: bool
    status: str = Field(..., examples=["active"], description="active, expired or revoked")
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    last_used_ip: str | None

    @staticmethod
    def resolve_owner(obj: object) -> str:
        return str(obj.user.email)  # type: ignore[attr-defined]
