"""The store engine of the running application, and the database commands of ``flask``.

``flask --app web db upgrade`` migrates the schema to head: it runs once, explicitly (``make
serve`` runs it before the workers start), never inside ``create_app`` — several workers
migrating the same fresh database at once would trip over each other's locks.
``flask --app web backup PATH`` and ``restore PATH`` copy the database to and from a file.
"""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy.engine import Engine

from checker.store import make_engine, migrate
from checker.store.backup import BackupError, backup, restore
from checker.store.db import reader as store_reader


def engine() -> Engine:
    """The store engine of the running application."""
    return current_app.extensions["engine"]


def reader() -> Engine:
    """The engine for reads of one statement (store.db.reader: autocommit on PostgreSQL)."""
    return current_app.extensions["reader"]


def init_app(app: Flask) -> None:
    """Create the application's engine (no migration: see ``flask db upgrade``)."""
    app.extensions["engine"] = make_engine(
        app.config["DATABASE_URL"], connect_timeout=app.config["DATABASE_CONNECT_TIMEOUT"],
        statement_timeout=app.config["DATABASE_STATEMENT_TIMEOUT"])
    app.extensions["reader"] = store_reader(app.extensions["engine"])
    register_cli(app)


def register_cli(app: Flask) -> None:
    @app.cli.group("db")
    def db_group():
        """数据库结构迁移。"""

    @db_group.command("upgrade")
    @click.option("--revision", default="head", show_default=True, help="目标版本")
    def upgrade_command(revision: str):
        """将数据库结构升级到最新版本（启动服务前运行一次）。"""
        migrate(app.extensions["engine"], revision)
        click.echo(f"数据库结构已升级到 {revision}")

    @app.cli.command("backup")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    def backup_command(path: Path):
        """备份数据库到文件 PATH（SQLite：在线备份；PostgreSQL：pg_dump）。"""
        try:
            backup(app.config["DATABASE_URL"], path)
        except BackupError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"已备份到 {path}")

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--yes", is_flag=True, help="不再确认，直接以备份覆盖当前数据库")
    def restore_command(path: Path, yes: bool):
        """用备份文件 PATH 恢复数据库（覆盖当前数据；恢复前请停止服务）。"""
        if not yes:
            click.confirm("恢复将覆盖当前数据库中的全部数据，是否继续？", abort=True)
        app.extensions["engine"].dispose()
        try:
            restore(app.config["DATABASE_URL"], path)
        except BackupError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"已从 {path} 恢复")
