#!/usr/bin/perl
# vendor/certdata2pem.pl DIR — print, as one PEM bundle, the roots Debian's
# ca-certificates package installs from its source tree DIR/mozilla: every
# certificate of certdata.txt whose NSS trust object is CKT_NSS_TRUSTED_DELEGATOR
# for server authentication and whose label is not in blacklist.txt (the rule of
# Debian's mozilla/certdata2pem.py, which needs Python and python3-cryptography;
# this needs only Perl, already a build tool), then mozilla/extra/*.crt (Debian's
# mozilla/Makefile copies those in too), in file order, so the output is the same
# on every machine. Used by vendor/ca-roots.sh.
use strict;
use warnings;
use MIME::Base64 qw(encode_base64);

my $dir = shift or die "usage: certdata2pem.pl CA-CERTIFICATES-SOURCE-DIR\n";
my $mozilla = "$dir/mozilla";

my %blacklist;
if (open(my $bl, '<', "$mozilla/blacklist.txt")) {
	while (<$bl>) {
		s/#.*//;
		s/^\s+|\s+$//g;
		$blacklist{$_} = 1 if length;
	}
	close $bl;
}

# Objects are runs of "CKA_NAME TYPE value" lines after BEGINDATA, separated by
# blank lines; MULTILINE_OCTAL values run to END as \ooo escapes.
open(my $in, '<', "$mozilla/certdata.txt") or die "certdata2pem: $mozilla/certdata.txt: $!\n";
my (@objects, %obj, $field, $octal);
my $in_data = 0;
while (my $line = <$in>) {
	if (!$in_data) {
		$in_data = 1 if $line =~ /^BEGINDATA/;
		next;
	}
	next if $line =~ /^#/;
	if (defined $octal) {
		if ($line =~ /^END/) {
			$obj{$field} = $octal;
			undef $octal;
		} else {
			$octal .= chr(oct($1)) while $line =~ /\\([0-3][0-7][0-7])/g;
		}
		next;
	}
	if ($line =~ /^\s*$/) {
		if (%obj) {
			push @objects, {%obj};
			%obj = ();
		}
		next;
	}
	$line =~ s/^\s+|\s+$//g;
	my ($name, $type, $value) = split(/ /, $line, 3);
	die "certdata2pem: unexpected line: $line\n" unless defined $type;
	if ($type eq 'MULTILINE_OCTAL') {
		($field, $octal) = ($name, '');
		next;
	}
	$obj{$name} = $value;
}
push @objects, {%obj} if %obj;
close $in;

my %trusted;
for my $o (@objects) {
	next unless ($o->{CKA_CLASS} // '') eq 'CKO_NSS_TRUST';
	next if $blacklist{$o->{CKA_LABEL}};
	$trusted{$o->{CKA_LABEL}} = 1 if ($o->{CKA_TRUST_SERVER_AUTH} // '') eq 'CKT_NSS_TRUSTED_DELEGATOR';
}

my $count = 0;
for my $o (@objects) {
	next unless ($o->{CKA_CLASS} // '') eq 'CKO_CERTIFICATE' && $trusted{$o->{CKA_LABEL}};
	die "certdata2pem: $o->{CKA_LABEL} has no CKA_VALUE\n" unless defined $o->{CKA_VALUE};
	(my $b64 = encode_base64($o->{CKA_VALUE}, '')) =~ s/(.{1,64})/$1\n/g;
	print "# $o->{CKA_LABEL}\n-----BEGIN CERTIFICATE-----\n$b64-----END CERTIFICATE-----\n";
	$count++;
}
for my $extra (sort glob("$mozilla/extra/*.crt")) {
	open(my $f, '<', $extra) or die "certdata2pem: $extra: $!\n";
	local $/;
	my $pem = <$f>;
	close $f;
	die "certdata2pem: $extra is not one PEM certificate\n"
	    unless $pem =~ /\A(-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+\/=\n]+-----END CERTIFICATE-----\n)\s*\z/;
	my $cert = $1;
	(my $label = $extra) =~ s{.*/}{};
	print "# extra/$label\n$cert";
	$count++;
}
die "certdata2pem: no trusted certificates in $mozilla/certdata.txt\n" unless $count;
