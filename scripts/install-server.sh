#!/bin/sh
# make install-server / make uninstall-server: the ward office server of
# README ("Setting up a ward office server"). Run by the Makefile, as root,
# after `make install` put the program in $BINDIR.
#
#   scripts/install-server.sh install|uninstall
#
# From the environment: DESTDIR, BINDIR (where kehoach is), GROUP (kehoach),
# SYSCONFDIR (/etc), STATEDIR (/var/lib), PLAN (the example plan installed
# when there is none yet).
#
# The layout, and why:
#   $BINDIR/kehoach              root:kehoach 2755  setgid: only the program reaches the data
#   /etc/kehoach/                root:root    0755
#   /etc/kehoach/kehoach.conf    root:root    0644  plan and database: the program believes
#                                                   only this (root's alone, or it is refused)
#   /etc/kehoach/plan.yaml       root:kehoach 0640  writable by administrators only: its
#                                                   rights: are then a boundary
#   /var/lib/kehoach/            root:kehoach 2770  the group's: new files (-wal, -shm,
#                                                   -head) get the group
#   /var/lib/kehoach/kehoach.db  root:kehoach 0660  an empty file is a new database
#   /var/lib/kehoach/kehoach.db.attachments
#                                root:kehoach 2770  files attached to results (0440 each)
# Nothing that exists is overwritten; uninstall keeps the plan, the data and
# the group (the record of the office outlives the program).
set -eu

action=${1:-install}
GROUP=${GROUP:-kehoach}
SYSCONFDIR=${SYSCONFDIR:-/etc}
STATEDIR=${STATEDIR:-/var/lib}
DESTDIR=${DESTDIR:-}
BINDIR=${BINDIR:?BINDIR is not set}
conf_dir=$DESTDIR$SYSCONFDIR/kehoach
data_dir=$DESTDIR$STATEDIR/kehoach
conf=$conf_dir/kehoach.conf
bin=$DESTDIR$BINDIR/kehoach

if [ "$SYSCONFDIR/kehoach/kehoach.conf" != /etc/kehoach/kehoach.conf ]; then
    echo "install-server: the program reads /etc/kehoach/kehoach.conf (built in);" \
        "SYSCONFDIR=$SYSCONFDIR would need a build with -DKEHOACH_SERVER_CONF" >&2
    exit 2
fi

case $action in
install) ;;
uninstall)
    if [ -f "$conf" ]; then
        rm -f "$conf"
        echo "install-server: removed $conf"
    fi
    echo "install-server: kept $conf_dir/plan.yaml, $data_dir and the group $GROUP" \
        "(remove them yourself when the office's record is no longer needed)"
    exit 0
    ;;
*)
    echo "usage: $0 install|uninstall" >&2
    exit 2
    ;;
esac

if [ "$(id -u)" -ne 0 ]; then
    echo "install-server: run as root (sudo make install-server)" >&2
    exit 1
fi

# The group: a system group no one is a member of.
if ! getent group "$GROUP" >/dev/null; then
    if [ -n "$DESTDIR" ]; then
        echo "install-server: DESTDIR set and no group $GROUP: the package's postinst must run" \
            "'groupadd --system $GROUP' and set the owners and modes listed in $0" >&2
        group=root
    else
        groupadd --system "$GROUP"
        echo "install-server: made the system group $GROUP (add no one to it)"
        group=$GROUP
    fi
else
    group=$GROUP
    members=$(getent group "$GROUP" | cut -d: -f4)
    if [ -n "$members" ]; then
        echo "install-server: warning: the group $GROUP has members ($members): they reach the" \
            "database past kehoach; remove them (gpasswd -d USER $GROUP)" >&2
    fi
fi

chown "root:$group" "$bin"
chmod 2755 "$bin"

install -d -m 0755 -o root -g root "$conf_dir"
if [ ! -e "$conf_dir/plan.yaml" ]; then
    install -m 0640 -o root -g "$group" "${PLAN:?PLAN is not set}" "$conf_dir/plan.yaml"
    echo "install-server: installed the example plan as $conf_dir/plan.yaml (edit it as root;" \
        "give each unit its accounts under rights:)"
fi
if [ ! -e "$conf" ]; then
    umask 022
    cat >"$conf" <<CONF
# kehoach office server (make install-server). Root's alone: the program,
# installed setgid $GROUP, takes the plan and the database from here only.
plan = $SYSCONFDIR/kehoach/plan.yaml
database = $STATEDIR/kehoach/kehoach.db
# A workspace of many plans instead of one plan: a folder of plan files,
# root's, none of them writable by group or others (README, "Setting up a
# ward office server"); then leave out the plan line above.
# workspace = $SYSCONFDIR/kehoach/plans
CONF
    chown root:root "$conf"
    chmod 0644 "$conf"
fi

install -d -m 2770 -o root -g "$group" "$data_dir" "$data_dir/kehoach.db.attachments"
if [ ! -e "$data_dir/kehoach.db" ]; then
    install -m 0660 -o root -g "$group" /dev/null "$data_dir/kehoach.db"
fi
echo "install-server: done: $bin (setgid $GROUP), $conf, $data_dir"
