"""PostgreSQL backend that starts the embedded server on first connection.

Settings select it only when DATABASE_URL is unset, so a process that never touches the
database (`manage.py extract`, pure tests) never starts a server.
"""

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper

from diplomacy import embedded


class DatabaseWrapper(PostgresDatabaseWrapper):
    def get_connection_params(self):
        server = embedded.start()
        self.settings_dict["HOST"] = server.host
        self.settings_dict["PORT"] = str(server.port)
        self.settings_dict["USER"] = server.user
        return super().get_connection_params()
