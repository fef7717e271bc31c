{
  "targets": [{
    "target_name": "trent_gcm",
    "sources": ["src/gcm.c"],
    "defines": ["NAPI_VERSION=8"],
    "cflags": ["-O2", "-Wall", "-Wextra"]
  }]
}
