from graders.capabilities import JAVA_FIX, java_version


def test_java_17_or_newer_for_spark():
    version = java_version()
    found = "no `java` on PATH" if version is None else f"Java {version}"
    assert version is not None and version >= 17, (
        f"Spark 4 needs Java 17 or newer; found {found}. Fix: {JAVA_FIX}"
    )
