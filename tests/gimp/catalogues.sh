#!/bin/sh
# catalogues.sh — every shipped translation is complete and current: the
# messages are extracted afresh from the sources named in po/POTFILES.in (so
# a string added to the code but not to the catalogues counts), merged into
# each catalogue of po/LINGUAS, and any message left untranslated or fuzzy
# fails the test, named with its language. Also fails when a source file
# with translatable strings is missing from POTFILES.in, or a catalogue does
# not compile (msgfmt --check: format strings must match).
set -u
src=${MAMBAIR_SOURCE_ROOT:?}
for tool in xgettext msgmerge msgattrib msgfmt; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed (package gettext)"; exit 77; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/mambair-po.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0
cd "$src" || exit 1
for f in $(grep -l -E '(^|[^A-Za-z_])N?_\("' plugin/*.c ui/*.c); do
    grep -q -x "$f" po/POTFILES.in || { echo "FAILED: $f has translatable strings but is not in po/POTFILES.in"; fail=1; }
done
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=g_dngettext:2,3 \
    --add-comments=TRANSLATORS -f po/POTFILES.in -D "$src" -o "$work/fresh.pot" 2>"$work/xgettext.log" ||
    { echo "FAILED: xgettext"; cat "$work/xgettext.log"; exit 1; }
n=$(grep -c '^msgid ' "$work/fresh.pot")
echo "messages in the sources: $((n - 1))"
for lang in $(grep -v '^#' po/LINGUAS); do
    po=po/$lang.po
    msgfmt --check -o /dev/null "$po" 2>"$work/$lang.msgfmt" ||
        { echo "FAILED: $po does not compile:"; cat "$work/$lang.msgfmt"; fail=1; }
    msgmerge -q --no-fuzzy-matching "$po" "$work/fresh.pot" -o "$work/$lang.po"
    msgattrib --no-wrap --untranslated --no-obsolete "$work/$lang.po" -o "$work/$lang.untranslated"
    msgattrib --no-wrap --only-fuzzy --no-obsolete "$work/$lang.po" -o "$work/$lang.fuzzy"
    bad=0
    for kind in untranslated fuzzy; do
        [ -s "$work/$lang.$kind" ] || continue
        # one line per message (--no-wrap); the first is the header
        msgs=$(($(grep -c '^msgid ' "$work/$lang.$kind") - 1))
        [ "$msgs" -gt 0 ] || continue
        echo "FAILED: $po: $msgs $kind message(s):"
        grep '^msgid ' "$work/$lang.$kind" | tail -n +2 | head -20
        bad=1 fail=1
    done
    [ "$bad" = 0 ] && echo "$po: complete ($(msgfmt --statistics -o /dev/null "$work/$lang.po" 2>&1))"
done
exit $fail
