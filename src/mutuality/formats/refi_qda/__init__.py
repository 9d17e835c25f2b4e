"""REFI-QDA projects (.qdpx) and codebooks (.qdc) in and out, as NVivo, ATLAS.ti and MAXQDA write them."""
