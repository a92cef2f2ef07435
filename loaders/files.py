"""Opens a policy file: a regular file, not a symlink, pipe, device or directory, read whole
within the size limit. The one place in policykg where a policy text is read from disk.

The file is opened with O_NOFOLLOW (a symlink named on the command line is refused, so a
link to /etc/passwd is never published) and O_NONBLOCK (opening a FIFO with no writer
returns at once instead of waiting forever), then its kind is checked on the open
descriptor with fstat, so nothing can be swapped in between the check and the read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from policykg.errors import DocumentError
from policykg.loaders.decoding import MAX_DOCUMENT_BYTES, refuse_oversized

_KINDS = (
    (stat.S_ISDIR, "是一个目录"),
    (stat.S_ISFIFO, "是一个命名管道（FIFO）"),
    (stat.S_ISCHR, "是一个字符设备"),
    (stat.S_ISBLK, "是一个块设备"),
    (stat.S_ISSOCK, "是一个套接字"),
)


def read_policy_file(path: Path) -> bytes:
    """The bytes of the regular file at `path`, or DocumentError naming it and saying why not."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise _unreadable(path, error) from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            kind = next((name for test, name in _KINDS if test(status.st_mode)), "不是普通文件")
            raise DocumentError(f"{path}：{kind}，不是政策文本文件；只读取普通文件", field="file")
        refuse_oversized(status.st_size, source=str(path))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        raise _unreadable(path, error) from None
    finally:
        os.close(fd)
    refuse_oversized(len(raw), source=str(path))  # it grew after fstat
    return raw


def _unreadable(path: Path, error: OSError) -> DocumentError:
    if error.errno == errno.ELOOP:
        return DocumentError(f"{path}：是符号链接，不是普通文件；请直接给出它指向的文件", field="file")
    if error.errno == errno.ENOENT:
        return DocumentError(f"{path}：文件不存在（是否已被移动或删除？）", field="file")
    return DocumentError(f"{path}：无法读取：{error.strerror or error}", field="file")
