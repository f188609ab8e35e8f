#!/usr/bin/env python3
"""Writes the crafted model files of tests/data/io/ (run from anywhere; no torch).

good/legacy-tiny.pth   legacy torch.save layout written with stand-in torch
                       globals: strided, offset, shared and view storages,
                       F16/BF16/F64/I64 storages, a scalar, nested dicts
good/zip-oddtop.pth    zip layout whose top folder is not "archive"
good/EXPECTED          per tensor: file, name, dtype, shape, values (computed
                       here in Python from the raw bytes, independently of C)
bad/*                  one broken file per way a file can be wrong
bad/EXPECTED           file <TAB> status <TAB> text the message must contain
"""
import collections, io, os, pickle, struct, sys, types, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'data', 'io')
TINY = os.path.join(OUT, 'tiny_sr_x2_ps.pth')

# ---- stand-ins that pickle as the torch globals --------------------------
torch = types.ModuleType('torch'); utils = types.ModuleType('torch._utils')
sys.modules['torch'] = torch; sys.modules['torch._utils'] = utils; torch._utils = utils
def _rebuild_tensor_v2(*a): pass
def _rebuild_tensor(*a): pass
def _rebuild_parameter(*a): pass
for f in (_rebuild_tensor_v2, _rebuild_tensor, _rebuild_parameter):
    f.__module__ = 'torch._utils'; setattr(utils, f.__name__, f)
STORAGE = {'FloatStorage': ('<f', 4, 'F32'), 'HalfStorage': ('<e', 2, 'F16'),
           'BFloat16Storage': (None, 2, 'BF16'), 'DoubleStorage': ('<d', 8, 'F64'),
           'LongStorage': ('<q', 8, 'I64'), 'IntStorage': ('<i', 4, 'I32'),
           'ByteStorage': ('<B', 1, 'U8')}
for n in STORAGE:
    c = type(n, (), {}); c.__module__ = 'torch'; setattr(torch, n, c)

class Storage:
    def __init__(s, key, typ, raw, view=None):
        s.key, s.typ, s.raw, s.view = key, typ, raw, view  # view: (root Storage, offset, numel)
    def numel(s): return len(s.raw) // STORAGE[s.typ][1]
    def value(s, i):
        fmt, es, _ = STORAGE[s.typ]
        b = s.raw[i * es:(i + 1) * es]
        if fmt is None: return struct.unpack('<f', b'\0\0' + b)[0]
        return struct.unpack(fmt, b)[0]

class Tensor:
    def __init__(s, st, off, size, stride, rebuild=_rebuild_tensor_v2, param=False):
        s.st, s.off, s.size, s.stride, s.rebuild, s.param = st, off, size, stride, rebuild, param
    def __reduce__(s):
        if s.param:
            return (_rebuild_parameter, (Tensor(s.st, s.off, s.size, s.stride, s.rebuild), True, collections.OrderedDict()))
        if s.rebuild is _rebuild_tensor:
            return (_rebuild_tensor, (s.st, s.off, tuple(s.size), tuple(s.stride)))
        return (_rebuild_tensor_v2, (s.st, s.off, tuple(s.size), tuple(s.stride), False, collections.OrderedDict()))
    def values(s):
        out = []
        def rec(d, pos):
            if d == len(s.size): out.append(s.st.value(pos)); return
            for i in range(s.size[d]): rec(d + 1, pos + i * s.stride[d])
        rec(0, s.off)
        return out

def floats(fmt, vals): return b''.join(struct.pack(fmt, v) for v in vals)

class LegacyPickler(pickle.Pickler):
    def persistent_id(s, o):
        if isinstance(o, Storage):
            root = o.view[0] if o.view else o
            view = (o.key, o.view[1], o.numel()) if o.view else None
            return ('storage', getattr(torch, o.typ), root.key, 'cpu', root.numel(), view)
        return None

class ZipPickler(pickle.Pickler):
    def persistent_id(s, o):
        if isinstance(o, Storage): return ('storage', getattr(torch, o.typ), o.key, 'cpu', o.numel())
        return None

def dump(p_cls, obj):
    b = io.BytesIO(); p_cls(b, protocol=2).dump(obj); return b.getvalue()

def legacy_bytes(obj, storages, magic=0x1950a86a20f9469cfc6c, proto=1001, counts=None):
    b = io.BytesIO()
    for x in (magic, proto, {'protocol_version': proto, 'little_endian': True,
                             'type_sizes': {'short': 2, 'int': 4, 'long': 4}}):
        pickle.dump(x, b, protocol=2)
    b.write(dump(LegacyPickler, obj))
    pickle.dump([s.key for s in storages], b, protocol=2)
    for i, s in enumerate(storages):
        n = s.numel() if counts is None else counts[i]
        b.write(struct.pack('<q', n)); b.write(s.raw)
    return b.getvalue()

def zip_bytes(obj, storages, top='archive', compress=None):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_STORED) as z:
        z.writestr(top + '/data.pkl', dump(ZipPickler, obj))
        for s in storages:
            z.writestr(zipfile.ZipInfo(top + '/data/' + s.key), s.raw,
                       compress_type=compress or zipfile.ZIP_STORED)
        z.writestr(top + '/version', b'3\n')
    return b.getvalue()

def write(rel, data):
    p = os.path.join(OUT, rel); os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'wb').write(data)

# ---- good files ------------------------------------------------------------
expected = []
def expect(file, name, t, dtype):
    vals = t.values()
    expected.append('%s\t%s\t%s\t%s\t%s' % (file, name, dtype, ','.join(map(str, t.size)) or '-',
                                          ','.join(repr(float(v)) for v in vals)))

a = Storage('7', 'FloatStorage', floats('<f', [i * 0.5 - 3 for i in range(24)]))
h = Storage('8', 'HalfStorage', floats('<e', [1.0, -2.5, 65504.0, 6e-08, float('inf'), 0.0]))
bf = Storage('9', 'BFloat16Storage', floats('<f', [1.5, -0.1, 3e38, 1e-40])[2::4] and
             b''.join(struct.pack('<f', v)[2:] for v in [1.5, -0.1, 3e38, 1e-40]))
d = Storage('10', 'DoubleStorage', floats('<d', [0.1, 1e300, -7.25]))
l = Storage('11', 'LongStorage', struct.pack('<q', 12345678901234))
iv = Storage('12', 'IntStorage', struct.pack('<3i', -1, 7, 2**31 - 1))
root = Storage('13', 'FloatStorage', floats('<f', [10, 11, 12, 13, 14, 15]))
view = Storage('14', 'FloatStorage', root.raw[8:20], view=(root, 2, 3))
storages = [a, h, bf, d, l, iv, root]
T = collections.OrderedDict()
T['conv.weight'] = Tensor(a, 0, [2, 3, 4], [12, 4, 1])
T['conv.weight_t'] = Tensor(a, 1, [4, 3], [1, 4])            # transposed view with offset
T['shared.row'] = Tensor(a, 20, [4], [1])                     # same storage, offset
T['half'] = Tensor(h, 0, [2, 3], [3, 1])
T['bf16'] = Tensor(bf, 0, [4], [1])
T['f64'] = Tensor(d, 0, [3], [1])
T['num_batches_tracked'] = Tensor(l, 0, [], [])
T['i32'] = Tensor(iv, 0, [3], [1], param=True)
T['view'] = Tensor(view, 1, [2], [1], rebuild=_rebuild_tensor)
wrapped = {'params': T, 'epoch': 5, 'note': 'x'}
write('good/legacy-tiny.pth', legacy_bytes(wrapped, storages))
dt = {'FloatStorage': 'F32', 'HalfStorage': 'F16', 'BFloat16Storage': 'BF16', 'DoubleStorage': 'F64',
      'LongStorage': 'I64', 'IntStorage': 'I32'}
for k, t in T.items():
    src = t.st.view[0] if t.st.view else t.st
    tt = t if not t.st.view else Tensor(src, t.st.view[1] + t.off, t.size, t.stride)
    expect('legacy-tiny.pth', k, tt, dt[t.st.typ])

Z = collections.OrderedDict()
Z['module.a'] = Tensor(a, 2, [2, 2], [1, 2])
Z['module.h'] = Tensor(h, 0, [6], [1])
zs = [a, h]
write('good/zip-oddtop.pth', zip_bytes({'params_ema': Z, 'params': collections.OrderedDict(x=Tensor(a, 0, [1], [1]))}, zs, top='my_model-v2'))
expect('zip-oddtop.pth', 'a', Z['module.a'], 'F32')
expect('zip-oddtop.pth', 'h', Z['module.h'], 'F16')
write('good/EXPECTED', ('\n'.join(expected) + '\n').encode())

# ---- bad files ---------------------------------------------------------------
bad = []
def B(name, data, status, text):
    write('bad/' + name, data); bad.append('%s\t%s\t%s' % (name, status, text))

tiny = open(TINY, 'rb').read()
small = collections.OrderedDict(w=Tensor(a, 0, [2, 2], [2, 1]))
good_zip = zip_bytes(small, [a])

B('truncated.zip', tiny[:len(tiny) // 2], 'FORMAT', 'end of central directory')
B('truncated-tail.zip', tiny[:-10], 'FORMAT', 'end of central directory')
B('wrong-magic.bin', b'GIF89a' + bytes(100), 'FORMAT', 'not a model file')
B('empty.bin', b'', 'FORMAT', 'empty')

def evil(module, name):
    return b'\x80\x02c' + module.encode() + b'\n' + name.encode() + b'\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03.'
B('os-system.pth', zip_bytes_raw := None or b'', 'FORMAT', 'empty')  # placeholder replaced below
bad.pop()
def zip_with_pickle(pkl, extra=()):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_STORED) as z:
        z.writestr('archive/data.pkl', pkl)
        for n, d in extra: z.writestr(n, d)
    return b.getvalue()
B('os-system.pth', zip_with_pickle(evil('os', 'system')), 'UNSAFE', "'os.system'")
B('posix-system.pth', zip_with_pickle(evil('posix', 'system')), 'UNSAFE', "'posix.system'")
B('builtins-eval.pth', zip_with_pickle(b'\x80\x04\x8c\x08builtins\x8c\x04eval\x93X\x01\x00\x00\x001\x85R.'),
  'UNSAFE', "'builtins.eval'")
B('load-from-bytes.pth', legacy_bytes(None, [])[:0] + zip_with_pickle(evil('torch.storage', '_load_from_bytes')),
  'UNSAFE', "'torch.storage._load_from_bytes'")
legacy_evil = io.BytesIO()
for x in (0x1950a86a20f9469cfc6c, 1001, {'little_endian': True}): pickle.dump(x, legacy_evil, protocol=2)
legacy_evil.write(evil('subprocess', 'Popen'))
B('legacy-popen.pth', legacy_evil.getvalue(), 'UNSAFE', "'subprocess.Popen'")

big = collections.OrderedDict(w=Tensor(a, 0, [2**40, 2**40], [1, 1]))
B('huge-dims.pth', zip_bytes(big, [a]), 'LIMIT', 'too large')
B('offset-past-end.pth', zip_bytes(collections.OrderedDict(w=Tensor(a, 30, [2], [1])), [a]), 'FORMAT', 'outside its storage')
B('stride-past-end.pth', zip_bytes(collections.OrderedDict(w=Tensor(a, 0, [5, 5], [5, 1])), [a]), 'FORMAT', 'past the end of its storage')
B('broadcast.pth', zip_bytes(collections.OrderedDict(w=Tensor(a, 0, [100000000], [0])), [a]), 'UNSUPPORTED', 'elements but its storage only')
short = Storage('0', 'FloatStorage', a.raw[:40])
B('storage-short.pth', zip_bytes(collections.OrderedDict(w=Tensor(short, 0, [2], [1])), [short])
  .replace(b'data/0', b'data/0'), 'FORMAT', '') ; bad.pop()
# zip whose data.pkl says 24 elements but the entry has 40 bytes
sp = io.BytesIO()
with zipfile.ZipFile(sp, 'w') as z:
    z.writestr('archive/data.pkl', dump(ZipPickler, collections.OrderedDict(w=Tensor(a, 0, [2], [1]))))
    z.writestr('archive/data/7', a.raw[:40])
B('storage-short.pth', sp.getvalue(), 'FORMAT', 'the checkpoint says 24 elements')
B('missing-storage.pth', zip_with_pickle(dump(ZipPickler, collections.OrderedDict(w=Tensor(a, 0, [2], [1])))),
  'FORMAT', "storage 'archive/data/7' is missing")
B('compressed.pth', zip_bytes(small, [a], compress=zipfile.ZIP_DEFLATED), 'UNSUPPORTED', 'compressed')
# lying size: the central directory says the entry is bigger than it is
lz = bytearray(good_zip)
cd = lz.rfind(b'PK\x01\x02' + lz[lz.find(b'PK\x01\x02') + 4:lz.find(b'PK\x01\x02') + 4])
i = lz.find(b'archive/data/7', lz.find(b'PK\x01\x02')) - 46
struct.pack_into('<II', lz, i + 20, 1 << 30, 1 << 30)
B('lying-size.pth', bytes(lz), 'FORMAT', 'claims')
lz2 = bytearray(good_zip)
j = lz2.find(b'PK\x05\x06')
struct.pack_into('<I', lz2, j + 16, len(lz2) + 100)
B('cd-offset-past-end.pth', bytes(lz2), 'FORMAT', 'central directory out of range')
B('no-data-pkl.pth', zip_with_pickle(b'')[:0] + (lambda: (lambda b: (zipfile.ZipFile(b, 'w').writestr('x/y', b'1'), b.getvalue())[1])(io.BytesIO()))(),
  'FORMAT', 'without a data.pkl')
B('no-tensors.pth', zip_with_pickle(pickle.dumps({'epoch': 3, 'lr': 0.1}, protocol=2)), 'FORMAT', 'no tensors')
B('not-a-dict.pth', zip_with_pickle(pickle.dumps([1, 2, 3], protocol=2)), 'UNSUPPORTED', 'no dict of tensors')
B('deep-pickle.pth', zip_with_pickle(b'\x80\x02' + b'(' * 100000 + b'.'), 'LIMIT', 'nested deeper')
B('deep-dicts.pth', zip_with_pickle(b'\x80\x02' + b'}X\x01\x00\x00\x00a' * 40 + b'N' + b's' * 40 + b'.'), 'LIMIT', 'nested deeper')
B('memo-missing.pth', zip_with_pickle(b'\x80\x02h\x05.'), 'FORMAT', 'memo key not found')
B('pickle-no-stop.pth', zip_with_pickle(b'\x80\x02}q\x00'), 'FORMAT', 'no STOP')
B('string-past-end.pth', zip_with_pickle(b'\x80\x02X\xff\xff\xff\x7fab'), 'FORMAT', 'string runs past the end')
B('bad-opcode.pth', zip_with_pickle(b'\x80\x02\xff.'), 'UNSUPPORTED', 'opcode 0xff')
B('legacy-short-storage.pth', legacy_bytes(small, [a], counts=[1000]), 'FORMAT', 'past the end of the file')
B('legacy-bad-magic.pth', legacy_bytes(small, [a], magic=0x1950a86a20f9469cfc6d), 'FORMAT', 'magic')
B('legacy-proto.pth', legacy_bytes(small, [a], proto=1000), 'UNSUPPORTED', 'protocol 1000')
B('legacy-truncated.pth', legacy_bytes(small, [a])[:-30], 'FORMAT', 'past the end of the file')

def st_file(header, data=b''):
    h = header.encode() if isinstance(header, str) else header
    return struct.pack('<Q', len(h)) + h + data
B('st-header-past-end.safetensors', struct.pack('<Q', 1 << 40) + b'{}' + bytes(10), 'FORMAT', 'not a model file')
B('st-header-len-short.safetensors', struct.pack('<Q', 100) + b'{"a":1}', 'FORMAT', 'not a model file')
B('st-duplicate.safetensors', st_file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                                      '"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', bytes(8)),
  'FORMAT', "names 'a' twice")
B('st-overlap.safetensors', st_file('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},'
                                    '"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}', bytes(12)),
  'FORMAT', 'overlap')
B('st-offsets-past-end.safetensors', st_file('{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}', bytes(8)),
  'FORMAT', 'past the data')
B('st-size-mismatch.safetensors', st_file('{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', bytes(8)),
  'FORMAT', 'shape and dtype need')
B('st-huge-dims.safetensors', st_file('{"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}}', bytes(8)),
  'FORMAT', 'too many')
B('st-nan.safetensors', st_file('{"a":{"dtype":"F32","shape":[NaN],"data_offsets":[0,4]}}', bytes(4)),
  'FORMAT', 'bad JSON')
B('st-float-shape.safetensors', st_file('{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}', bytes(4)),
  'FORMAT', 'non-negative integers')
B('st-deep.safetensors', st_file('{"a":' + '[' * 1000 + ']' * 1000 + '}'), 'FORMAT', 'nesting too deep')
B('st-bad-dtype.safetensors', st_file('{"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}', bytes(8)),
  'UNSUPPORTED', "dtype 'C64'")
B('st-meta-not-string.safetensors', st_file('{"__metadata__":{"k":1}}'), 'FORMAT', "metadata 'k'")
B('st-no-tensors.safetensors', st_file('{"__metadata__":{"k":"v"}}'), 'FORMAT', 'no tensors')
B('st-nul-name.safetensors', st_file('{"a\\u0000b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', bytes(4)),
  'FORMAT', 'NUL')
B('st-trailing.safetensors', st_file('{} x'), 'FORMAT', 'trailing')
B('st-unterminated.safetensors', st_file('{"a'), 'FORMAT', 'unterminated')
# names that are not UTF-8 text (PyTorch and the safetensors library refuse them)
B('pickle-bad-utf8.pth', zip_with_pickle(b'\x80\x02}q\x00X\x02\x00\x00\x00\xc3(Ns.'), 'FORMAT', 'not valid UTF-8')
B('pickle-overlong-utf8.pth', zip_with_pickle(b'\x80\x04}\x8c\x02\xc0\xafNs.'), 'FORMAT', 'not valid UTF-8')
B('st-bad-utf8.safetensors', st_file(b'{"a\xff":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', bytes(4)),
  'FORMAT', 'not valid UTF-8')
# the data must be fully indexed: no hole between tensors, nothing after the last one
B('st-hole.safetensors', st_file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                                 '"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}', bytes(12)),
  'FORMAT', "4 bytes that belong to no tensor, before 'b'")
B('st-data-after-last.safetensors', st_file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', bytes(8)),
  'FORMAT', '4 bytes after the last tensor')
write('bad/EXPECTED', ('\n'.join(bad) + '\n').encode())
print('wrote %d good tensors, %d bad files' % (len(expected), len(bad)))
