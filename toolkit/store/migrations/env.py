"""Alembic environment: migrations run on the connection the toolkit hands over."""

from alembic import context

from toolkit.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the toolkit always passes its connection
    raise RuntimeError("Run migrations through toolkit.store.database.migrate().")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
