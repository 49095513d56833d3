"""Which machine translator wagtail-localize offers, from the environment.

Read by the settings (``WAGTAILLOCALIZE_MACHINE_TRANSLATOR``), so this module imports nothing
from Django. A DeepL key wins over a LibreTranslate URL; with neither, the setting stays unset
and the editor shows no *Machine translate* button.
"""

DEEPL = "wagtail_localize.machine_translators.deepl.DeepLTranslator"
LIBRETRANSLATE = "wagtail_localize.machine_translators.libretranslate.LibreTranslator"


def machine_translator(deepl_api_key="", libretranslate_url="", libretranslate_api_key=""):
    """The ``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` setting for these values, or None."""
    if deepl_api_key:
        return {"CLASS": DEEPL, "OPTIONS": {"AUTH_KEY": deepl_api_key}}
    if libretranslate_url:
        return {
            "CLASS": LIBRETRANSLATE,
            "OPTIONS": {
                "LIBRETRANSLATE_URL": libretranslate_url.rstrip("/"),
                # The translator always sends the key; public servers without keys ignore an empty one.
                "API_KEY": libretranslate_api_key,
            },
        }
    return None
