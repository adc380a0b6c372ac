// Writes a synthetic residents CSV in the import template's columns:
//   node bench/gen-residents.mjs N [seed] > residents.csv
// Names, ID numbers (valid GB 11643 check digits) and phones are made up.
const n = Number(process.argv[2] || 100000);
let seed = Number(process.argv[3] || 1);
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rand() * a.length)];
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const given = '秀英桂兰建国玉兰志强秀珍海燕文华丽娟伟明淑华国强红梅建华小红永刚晓东丽华金凤凤英德明玉珍宝林志华美玲'.match(/../g);
const compounds = ['普雄馨苑', '长寿新村', '曹杨一村', '真如花园', '梅岭北苑', '中远两湾城', '宜川二村', '管弄新村'];
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const C = '10X98765432';
function idNumber(birth, male, seq) {
	const body = '310107' + birth.replaceAll('-', '') + String(Math.floor(seq / 5) % 100).padStart(2, '0') +
		String(2 * (seq % 5) + (male ? 1 : 0));
	let s = 0;
	for (let i = 0; i < 17; i++) s += Number(body[i]) * W[i];
	return body + C[s % 11];
}
const tags = ['', '', '', '', '', '', '独居老人', '老党员', '困难家庭', '残障人士', '空巢老人'];
const out = ['小区,楼号,室号,姓名,性别,出生日期,身份证号,手机,与户主关系,户籍类型,标签'];
for (let i = 0; i < n; i++) {
	const male = rand() < 0.48;
	const y = 1930 + Math.floor(rand() * 90), m = 1 + Math.floor(rand() * 12), d = 1 + Math.floor(rand() * 28);
	const birth = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
	const household = Math.floor(i / 2.4);
	// 24 households a building (6 floors, 4 rooms), 50 buildings a compound.
	const b = Math.floor(household / 24), c = Math.floor(b / 50);
	const compound = compounds[c % compounds.length] + (c >= compounds.length ? `${1 + Math.floor(c / compounds.length)}期` : '');
	const building = `${1 + (b % 50)}号`;
	const room = `${1 + Math.floor((household % 24) / 4)}0${1 + (household % 4)}室`;
	out.push([compound, building, room, pick(surnames) + pick(given), male ? '男' : '女', birth,
		idNumber(birth, male, i), '139' + String(10000000 + i).slice(-8), i % 3 === 0 ? '户主' : '其他',
		pick(['户籍', '户籍', '常住', '流动', '人户分离']), pick(tags)].join(','));
}
process.stdout.write(out.join('\n') + '\n');
