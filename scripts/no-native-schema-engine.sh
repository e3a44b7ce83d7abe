#!/bin/sh
# Stand-in for Prisma's native schema engine. `prisma generate` only checks that this file
# exists (so it does not try to download the binary); nothing should ever run it.
echo "RightToGrow migrates through the Wasm schema engine: use npm run db:migrate or npm run db:migration:new." >&2
exit 1
