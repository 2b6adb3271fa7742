// Asio, Asio.SSL and Beast compiled once for the whole build (BOOST_ASIO_SEPARATE_COMPILATION),
// so the few files that use them stay quick to compile.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
