"""Which language this PC's Loket speaks: Indonesian, or English one switch away.

Indonesian is the source language of every ``tr()`` and the default whatever language
Windows itself runs in (many office PCs run an English Windows, and the operators and
citizens still read Indonesian). English comes from ``resources/i18n/loket_en.qm``. The
choice belongs to the PC, like its printer, so it lives in QSettings, and it applies
from the next start: the windows build their texts once, and an operator panel that
half-switches in the middle of a queue would confuse more than it helps.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QSettings, QTranslator, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from loket.resources import resource_path
from loket.ui.localsettings import APP, ORG
from loket.ui.signals import app_signals

#: Language code -> its name in that language (how a person looks for their own).
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"
SETTINGS_KEY = "language"


def _settings(settings: QSettings | None) -> QSettings:
    return settings if settings is not None else QSettings(ORG, APP)


def saved_language(settings: QSettings | None = None) -> str:
    """The language chosen on this PC; Indonesian when none (or an unknown one) is saved."""
    value = str(_settings(settings).value(SETTINGS_KEY, DEFAULT_LANGUAGE) or "")
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def save_language(language: str, settings: QSettings | None = None) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    s = _settings(settings)
    s.setValue(SETTINGS_KEY, language)
    s.sync()


def remove_translations(app: QCoreApplication) -> None:
    """Take out the translators ``install_translations`` put on ``app`` (tests, a switch)."""
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.setParent(None)
        translator.deleteLater()


def install_translations(app: QCoreApplication, language: str | None = None) -> None:
    """Indonesian is the source language and the default; English loads loket_en.qm.

    Without ``language`` this PC's saved choice applies, never the OS's language: many
    office PCs run an English Windows for Indonesian operators. Qt ships no Indonesian
    for its own buttons and menus (OK, Batal, Salin...), so ours is in resources/i18n.
    """
    lang = language or saved_language()
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{lang}", qt_dir) or qt.load(
        str(resource_path("i18n", f"qtbase_{lang}.qm"))
    ):
        app.installTranslator(qt)
    if lang != "id":
        ours = QTranslator(app)
        if ours.load(str(resource_path("i18n", f"loket_{lang}.qm"))):
            app.installTranslator(ours)


def apply_language(app: QCoreApplication, language: str) -> None:
    """Replace the installed translations with ``language``'s; windows made after it follow."""
    remove_translations(app)
    install_translations(app, language)


class LanguageMenu(QMenu):
    """The "Bahasa / Language" menu: the choice is saved and applies from the next start.

    ``window.menuBar().addMenu(LanguageMenu(window))``; the message about restarting
    goes to the hub, where the operator panel shows its status lines.
    """

    languageChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        # Both names, so whoever is stuck in the other language still finds it.
        self.setTitle(self.tr("&Bahasa / Language"))
        self._settings = settings
        group = QActionGroup(self)
        group.setExclusive(True)
        current = saved_language(settings)
        self.actions_by_language: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.triggered.connect(lambda _=False, c=code: self.choose(c))
            group.addAction(action)
            self.addAction(action)
            self.actions_by_language[code] = action

    def choose(self, language: str) -> None:
        """Save ``language`` for this PC and say when it takes effect."""
        self.actions_by_language[language].setChecked(True)
        if language == saved_language(self._settings):
            return
        save_language(language, self._settings)
        app_signals().message.emit(
            self.tr("Bahasa diganti ke {0}. Berlaku setelah Loket dibuka ulang.").format(
                LANGUAGES[language]
            )
        )
        self.languageChosen.emit(language)
