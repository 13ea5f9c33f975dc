/* store_fs: which file systems the database is refused on. statfs(2) magic
 * numbers, and for FUSE the mount's type read from mountinfo text: the mount
 * holding a path, network FUSE types refused, local ones allowed. */
#include "testutil.h"

#include <stdbool.h>

#include "kehoach/store.h"

/* A machine with a root disk, an sshfs mount with a USB disk (ntfs-3g,
 * "fuseblk") mounted inside it, a USB disk whose label has a space, an ext4
 * disk whose mount point starts like the sshfs one, an rclone remote with a
 * space and a backslash in its mount point, an encfs folder (local, a type
 * not in the list), a davfs2 WebDAV share (plain "fuse" with a URL), and a
 * point mounted twice (the second mount, the first's child, is on top).
 * Lines with and without optional fields before " - ". */
static const char MOUNTINFO[] =
    "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n"
    "23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
    "30 22 0:40 / /mnt/ssh rw,nosuid,nodev,relatime shared:20 - fuse.sshfs lan@server:/srv "
    "rw,user_id=0,group_id=0\n"
    "31 30 8:17 / /mnt/ssh/usb rw,relatime shared:21 - fuseblk /dev/sdb1 "
    "rw,user_id=0,group_id=0,allow_other,blksize=4096\n"
    "32 22 8:33 / /media/lan/USB\\040DISK rw,nosuid,nodev,relatime shared:22 - fuseblk "
    "/dev/sdc1 rw,user_id=1000,group_id=1000\n"
    "33 22 8:49 / /mnt/sshfs-data rw,relatime shared:23 - ext4 /dev/sdd1 rw\n"
    "34 22 0:42 / /mnt/remote\\040share\\134x rw,relatime shared:24 master:3 - fuse.rclone "
    "gdrive: rw,user_id=0,group_id=0\n"
    "35 22 0:43 / /home/lan/Private rw,nosuid,nodev - fuse.encfs encfs rw,user_id=1000\n"
    "36 22 0:44 / /mnt/dav rw,nosuid,nodev - fuse https://dav.example.com/remote.php/dav "
    "rw,user_id=0,group_id=0,allow_other\n"
    "37 22 0:45 / /mnt/over rw - ext4 /dev/sde1 rw\n"
    "38 37 0:46 / /mnt/over rw - fuse.sshfs lan@other:/ rw,user_id=0,group_id=0\n";

/* Assert what store_fs_fuse_is_network says of path in text, and the type of
 * the mount it found ("" for none). */
static void expect(const char *text, const char *path, bool network, const char *type)
{
    char got[64] = "unset";
    bool is = store_fs_fuse_is_network(text, path, got, sizeof got);
    if (is != network || strcmp(got, type) != 0)
        fail_msg("%s: got %s (%s), want %s (%s)", path, is ? "network" : "local", got,
                 network ? "network" : "local", type);
}

static void test_sshfs_is_network(void **state)
{
    (void)state;
    expect(MOUNTINFO, "/mnt/ssh/kehoach/kehoach.db", true, "fuse.sshfs");
    expect(MOUNTINFO, "/mnt/ssh/k.db", true, "fuse.sshfs");
    /* Without the type wanted. */
    assert_true(store_fs_fuse_is_network(MOUNTINFO, "/mnt/ssh/k.db", NULL, 0));
}

static void test_fuseblk_is_local(void **state)
{
    (void)state;
    expect(MOUNTINFO, "/media/lan/USB DISK/kehoach.db", false, "fuseblk");
    expect(MOUNTINFO, "/srv/kehoach/kehoach.db", false, "ext4");
}

/* A local disk mounted inside a network mount: the deeper mount holds it. */
static void test_nested_mount_deeper_wins(void **state)
{
    (void)state;
    expect(MOUNTINFO, "/mnt/ssh/usb/kehoach.db", false, "fuseblk");
    expect(MOUNTINFO, "/mnt/ssh/usb/a/b/c.db", false, "fuseblk");
    /* Beside it, still on sshfs. */
    expect(MOUNTINFO, "/mnt/ssh/usbx/kehoach.db", true, "fuse.sshfs");
}

static void test_escaped_mount_points(void **state)
{
    (void)state;
    expect(MOUNTINFO, "/mnt/remote share\\x/kehoach.db", true, "fuse.rclone");
    /* The escaped spelling is not the path. */
    expect(MOUNTINFO, "/mnt/remote\\040share\\134x/kehoach.db", false, "ext4");
    expect(MOUNTINFO, "/media/lan/USB", false, "ext4");
}

static void test_path_equal_to_mount_point(void **state)
{
    (void)state;
    expect(MOUNTINFO, "/mnt/ssh", true, "fuse.sshfs");
    expect(MOUNTINFO, "/mnt/ssh/usb", false, "fuseblk");
    expect(MOUNTINFO, "/", false, "ext4");
}

/* "/mnt/ssh" is a prefix of "/mnt/sshfs-data" as a string, not by components. */
static void test_prefix_is_by_components(void **state)
{
    (void)state;
    expect(MOUNTINFO, "/mnt/sshfs-data/kehoach.db", false, "ext4");
    expect(MOUNTINFO, "/mnt/sshx", false, "ext4");
    expect(MOUNTINFO, "/mnt/ss", false, "ext4");
}

/* Mounts still listed but out of sight: a disk mounted on /mnt/h/usb, then
 * sshfs mounted on /mnt/h over it (same parent); a disk whose line comes
 * before its parent's; two mounts stacked on one point, the top one (the
 * other's child) listed first, as when a mount is slipped beneath another. */
static const char HIDDEN[] = "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
                             "70 22 8:17 / /mnt/h/usb rw - fuseblk /dev/sdb1 rw\n"
                             "71 22 0:50 / /mnt/h rw - fuse.sshfs lan@server:/ rw\n"
                             "80 81 8:33 / /mnt/o/usb rw - fuseblk /dev/sdc1 rw\n"
                             "81 22 0:51 / /mnt/o rw - fuse.sshfs lan@server:/ rw\n"
                             "90 91 8:49 / /mnt/t rw - ext4 /dev/sdd1 rw\n"
                             "91 22 0:52 / /mnt/t rw - fuse.sshfs lan@server:/ rw\n";

static void test_hidden_mounts_are_skipped(void **state)
{
    (void)state;
    /* Overmounted by a sibling above it: the path leads into sshfs. */
    expect(HIDDEN, "/mnt/h/usb/kehoach.db", true, "fuse.sshfs");
    /* Listed before its parent: still the deeper one, still visible. */
    expect(HIDDEN, "/mnt/o/usb/kehoach.db", false, "fuseblk");
    expect(HIDDEN, "/mnt/o/kehoach.db", true, "fuse.sshfs");
    /* Stacked: the child on the same point is on top, whatever the order. */
    expect(HIDDEN, "/mnt/t/kehoach.db", false, "ext4");
    /* Stacked in list order (MOUNTINFO's /mnt/over), and the other way. */
    expect(MOUNTINFO, "/mnt/over/kehoach.db", true, "fuse.sshfs");
    static const char reversed[] = "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
                                   "38 22 0:46 / /mnt/over rw - fuse.sshfs lan@other:/ rw\n"
                                   "39 38 0:45 / /mnt/over rw - ext4 /dev/sde1 rw\n";
    expect(reversed, "/mnt/over/kehoach.db", false, "ext4");
    /* Two on one point with one parent, neither on the other (not made by
     * mount(2) alone): mounts are listed as made, so the later line. */
    static const char siblings[] = "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
                                   "40 22 0:45 / /mnt/two rw - ext4 /dev/sde1 rw\n"
                                   "41 22 0:46 / /mnt/two rw - fuse.sshfs lan@other:/ rw\n";
    expect(siblings, "/mnt/two/kehoach.db", true, "fuse.sshfs");
}

static void test_unreadable_or_empty_mountinfo(void **state)
{
    (void)state;
    expect(NULL, "/mnt/ssh/kehoach.db", false, "");
    expect("", "/mnt/ssh/kehoach.db", false, "");
    expect("\n\n", "/mnt/ssh/kehoach.db", false, "");
    /* Lines without " - TYPE SOURCE", cut short or not mountinfo at all. */
    expect("30 22 0:40 / /mnt/ssh rw,nosuid shared:20 - fuse.sshfs\n"
           "31 22 0:40 / /mnt/ssh rw,nosuid shared:20 fuse.sshfs lan@server:/srv rw\n"
           "lan@server:/srv /mnt/ssh fuse.sshfs rw 0 0\n",
           "/mnt/ssh/kehoach.db", false, "");
    /* Not an absolute path: nothing to find. */
    expect(MOUNTINFO, "mnt/ssh/kehoach.db", false, "");
    expect(MOUNTINFO, NULL, false, "");
}

/* Every type in the list is refused, and the local ones, including types the
 * list does not know, are allowed. */
static void test_types(void **state)
{
    (void)state;
    static const struct {
        const char *type, *source;
        bool network;
    } cases[] = {
        {"fuse.sshfs", "lan@server:/srv", true},
        {"fuse.rclone", "gdrive:", true},
        {"fuse.s3fs", "s3fs", true},
        {"fuse.gcsfuse", "bucket", true},
        {"fuse.goofys", "bucket", true},
        {"fuse.mountpoint-s3", "mountpoint-s3", true},
        {"fuse.blobfuse", "blobfuse", true},
        {"fuse.blobfuse2", "blobfuse2", true},
        {"fuse.davfs", "https://dav.example.com/", true},
        {"fuse.davfs2", "dav", true},
        {"fuse.webdavfs", "https://dav.example.com/", true},
        {"davfs", "https://dav.example.com/", true},
        {"fuse", "http://dav.example.com/", true},
        {"fuse", "https://dav.example.com/", true},
        {"fuse.curlftpfs", "ftp://server/", true},
        {"fuse.smbnetfs", "smbnetfs", true},
        {"fuse.glusterfs", "server:/vol", true},
        {"fuse.ceph", "ceph", true},
        {"fuse.ceph-fuse", "ceph-fuse", true},
        {"fuse.mfs", "mfs#server:9421", true},
        {"fuse.lizardfs", "mfs#server:9421", true},
        {"fuse.juicefs", "JuiceFS:vol", true},
        {"fuse.seaweedfs", "server:8888:/", true},
        {"fuse.kbfsfuse", "kbfs", true},
        {"fuse.gvfsd-fuse", "gvfsd-fuse", true},
        {"fuse.google-drive-ocamlfuse", "gdfuse", true},
        {"fuse.onedriver", "onedriver", true},
        {"fuse.ossfs", "bucket", true},
        {"fuse.cosfs", "bucket", true},
        {"fuse.obsfs", "bucket", true},
        {"fuseblk", "/dev/sdb1", false},
        {"fuseblk.sshfs", "/dev/sdb1", false}, /* a block device is local whatever its name */
        {"fuse.ntfs-3g", "/dev/sdb1", false},
        {"fuse.exfat", "/dev/sdb1", false},
        {"fuse.encfs", "encfs", false},
        {"fuse.gocryptfs", "/home/lan/.cipher", false},
        {"fuse.bindfs", "/srv/data", false},
        {"fuse.mergerfs", "disk1:disk2", false},
        {"fuse.lxcfs", "lxcfs", false},
        {"fuse.portal", "portal", false},
        {"fuse", "/dev/fuse", false},
        {"fuse", "sshfs", false}, /* plain "fuse": only a URL source says network */
        {"virtiofs", "myfs", false},
        {"fuse.sshfs-local-made-up", "x", false},
        {"fuse.SSHFS", "x", false},
        {"sshfs", "lan@server:/srv", false}, /* not a FUSE type: never from statfs FUSE */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = xasprintf("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
                               "40 22 0:50 / /mnt/x rw,relatime shared:30 - %s %s rw\n",
                               cases[i].type, cases[i].source);
        expect(text, "/mnt/x/kehoach.db", cases[i].network, cases[i].type);
        free(text);
    }
}

/* The type is cut to the buffer, never overrun. */
static void test_type_buffer_cut(void **state)
{
    (void)state;
    char small[6] = "unset";
    assert_true(store_fs_fuse_is_network(MOUNTINFO, "/mnt/ssh/k.db", small, sizeof small));
    assert_string_equal(small, "fuse.");
}

static void test_magic_numbers(void **state)
{
    (void)state;
    assert_true(store_fs_is_network(0x6969));      /* NFS */
    assert_true(store_fs_is_network(0xFF534D42));  /* CIFS */
    assert_true(store_fs_is_network(0xFE534D42));  /* SMB2 */
    assert_true(store_fs_is_network(0x01021997));  /* 9P */
    assert_true(store_fs_is_network(0x00C36400));  /* Ceph */
    assert_false(store_fs_is_network(0xEF53));     /* ext4 */
    assert_false(store_fs_is_network(0x01021994)); /* tmpfs */
    assert_false(store_fs_is_network(0x65735546)); /* FUSE: decided by the mount's type */
}

/* The real check on this machine's temporary folder (a local disk here):
 * allowed, for a file that exists and one that does not yet. */
static void test_check_local_here(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *file = xasprintf("%s/k.db", dir);
    kh_error err = {0};
    assert_int_equal(store_fs_check_local(file, &err), KH_E_OK);
    test_write(file, "", 0);
    assert_int_equal(store_fs_check_local(file, &err), KH_E_OK);
    assert_int_equal(err.code, KH_E_OK);
    free(file);
    test_rmdir(dir);
}

/* On a real mount, when the tester names one (nothing here can mount a FUSE
 * file system): KEHOACH_TEST_NETWORK_FUSE=/mnt/x, a folder on sshfs, say;
 * KEHOACH_TEST_LOCAL_FUSE=/mnt/y, a folder on ntfs-3g, bindfs... */
static void check_real_mount(const char *var, bool refused)
{
    const char *dir = getenv(var);
    if (!dir || !*dir) skip();
    char *file = xasprintf("%s/kehoach-test-%ld.db", dir, (long)getpid());
    kh_error err = {0};
    /* A file yet to be made (its folder decides), then one that exists. */
    for (int made = 0; made < 2; made++) {
        kh_errcode rc = store_fs_check_local(file, &err);
        if (refused) {
            assert_int_equal(rc, KH_E_DB_NOWAL);
            assert_non_null(strstr(err.detail, file));
            assert_non_null(strstr(err.detail, "(fuse"));
        } else {
            assert_int_equal(rc, KH_E_OK);
        }
        if (!made) test_write(file, "", 0);
    }
    unlink(file);
    free(file);
}

static void test_check_real_network_fuse(void **state)
{
    (void)state;
    check_real_mount("KEHOACH_TEST_NETWORK_FUSE", true);
}

static void test_check_real_local_fuse(void **state)
{
    (void)state;
    check_real_mount("KEHOACH_TEST_LOCAL_FUSE", false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sshfs_is_network),
        cmocka_unit_test(test_fuseblk_is_local),
        cmocka_unit_test(test_nested_mount_deeper_wins),
        cmocka_unit_test(test_escaped_mount_points),
        cmocka_unit_test(test_path_equal_to_mount_point),
        cmocka_unit_test(test_prefix_is_by_components),
        cmocka_unit_test(test_hidden_mounts_are_skipped),
        cmocka_unit_test(test_unreadable_or_empty_mountinfo),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_type_buffer_cut),
        cmocka_unit_test(test_magic_numbers),
        cmocka_unit_test(test_check_local_here),
        cmocka_unit_test(test_check_real_network_fuse),
        cmocka_unit_test(test_check_real_local_fuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
