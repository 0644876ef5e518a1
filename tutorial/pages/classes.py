"""The five status classes as RFC 9110 §15 defines them, for the home page cards."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusClass:
    digit: int
    name: str
    meaning: str
    lesson: str

    @property
    def range(self) -> str:
        return f"{self.digit}xx"

    @property
    def first(self) -> int:
        return self.digit * 100

    @property
    def last(self) -> int:
        return self.digit * 100 + 99


STATUS_CLASSES = (
    StatusClass(
        1, "Informational", "The request was received; the exchange goes on.", "informational"
    ),
    StatusClass(2, "Success", "The request was received, understood and accepted.", "success"),
    StatusClass(
        3, "Redirection", "The client must take further action: look elsewhere.", "redirection"
    ),
    StatusClass(
        4,
        "Client error",
        "The request is wrong: bad syntax, no rights, no such thing.",
        "client-errors",
    ),
    StatusClass(
        5,
        "Server error",
        "The request looked fine, but the server failed to fulfil it.",
        "server-errors",
    ),
)
