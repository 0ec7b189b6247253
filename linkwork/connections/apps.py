from django.apps import AppConfig


class ConnectionsConfig(AppConfig):
    name = "linkwork.connections"
    label = "connections"
    verbose_name = "Onward connections (closed loop) and the VCSE partner portal"
