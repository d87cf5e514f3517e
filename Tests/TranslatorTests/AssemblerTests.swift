import CSupport
// Every assembler form the emitter relies on, checked by disassembling it with Capstone.
import XCTest
@testable import Translator

final class AssemblerTests: XCTestCase {
    private func check(_ expected: String, file: StaticString = #filePath, line: UInt = #line, _ build: (inout X64Assembler) -> Void) {
        var a = X64Assembler()
        build(&a)
        let text = Disassembler.x86(a.bytes, at: 0).map { $0.text }.joined(separator: "; ")
        XCTAssertEqual(text, expected, file: file, line: line)
    }

    func testMovesAndLoads() {
        check("mov rbx, r12") { $0.mov(.rbx, .r12) }
        check("mov r9d, eax") { $0.mov(.r9, .rax, is64: false) }
        check("mov eax, 0x12345678") { $0.movImm(.rax, 0x1234_5678) }
        check("mov r13, -1") { $0.movImm(.r13, ~0) }
        check("movabs r11, 0x123456789a") { $0.movImm(.r11, 0x12_3456_789A) }
        check("movzx esi, byte ptr [r13 + 8]") { $0.load(.rsi, Mem(.r13, 8), size: 1) }
        check("movsx rdi, word ptr [rsp + 0x100]") { $0.load(.rdi, Mem(.rsp, 256), size: 2, signed: true) }
        check("movsxd r8, dword ptr [r12]") { $0.load(.r8, Mem(.r12, 0), size: 4, signed: true) }
        check("mov eax, dword ptr [rbp]") { $0.load(.rax, Mem(.rbp, 0), size: 4) }
        check("mov byte ptr [rbx], sil") { $0.store(Mem(.rbx, 0), .rsi, size: 1) }
        check("mov word ptr [r15 + 0x108], ax") { $0.store(Mem(.r15, 264), .rax, size: 2) }
        check("mov qword ptr [r15 + 0xf8], -1") { $0.storeImm32(Mem(.r15, 248), -1, is64: true) }
        check("lea r10, [rbx + r14]") { $0.lea(.r10, Mem(.rbx, index: .r14, scale: 1)) }
        check("lea ecx, [rdx - 4]") { $0.lea(.rcx, Mem(.rdx, -4), is64: false) }
        check("lea r12, [rbx + rbp*8]") { $0.lea(.r12, Mem(.rbx, index: .rbp, scale: 8)) }
        check("lea rax, [r13 + r12*4 + 0x10]") { $0.lea(.rax, Mem(.r13, index: .r12, scale: 4, disp: 16)) }
        check("mov word ptr [r15 + 0x108], 0x4200") { $0.storeImm16(Mem(.r15, 264), 0x4200) }
        check("mov byte ptr [r13 + rbx*2 + 8], 7") { $0.storeImm8(Mem(.r13, index: .rbx, scale: 2, disp: 8), 7) }
        check("call qword ptr [r15 + 0x4d0]") { $0.callM(Mem(.r15, 0x4D0)) }
    }

    func testALUAndShifts() {
        check("add rbx, r9") { $0.alu(.add, .rbx, .r9, is64: true) }
        check("sub r12d, 0x1000") { $0.alu(.sub, .r12, imm: 4096, is64: false) }
        check("cmp rsi, -1") { $0.alu(.cmp, .rsi, imm: -1, is64: true) }
        check("cmp r8, qword ptr [r15 + 0x120]") { $0.alu(.cmp, .r8, Mem(.r15, 288), is64: true) }
        check("shl r11, 0x3f") { $0.shift(.shl, .r11, imm: 63, is64: true) }
        check("ror ebx, cl") { $0.shiftCL(.ror, .rbx, is64: false) }
        check("shlx rax, rbx, r13") { $0.shiftX(.shl, .rax, .rbx, count: .r13, is64: true) }
        check("sarx r9d, esi, edi") { $0.shiftX(.sar, .r9, .rsi, count: .rdi, is64: false) }
        check("shrx r12, r14, rcx") { $0.shiftX(.shr, .r12, .r14, count: .rcx, is64: true) }
        check("andn rax, rbx, r13") { $0.andn(.rax, not: .rbx, .r13, is64: true) }
        check("andn r9d, r14d, esi") { $0.andn(.r9, not: .r14, .rsi, is64: false) }
        check("imul r10, r11") { $0.imul(.r10, .r11, is64: true) }
        check("idiv rbx") { $0.idiv(.rbx, is64: true) }
        check("div r9d") { $0.div(.r9, is64: false) }
        check("mul r12") { $0.mulWide(.r12, is64: true) }
        check("imul rsi") { $0.imulWide(.rsi, is64: true) }
        check("bts rax, 0x33") { $0.bts(.rax, bit: 51) }
        check("btc rax, 0x1f") { $0.btc(.rax, bit: 31) }
        check("lzcnt eax, r8d") { $0.lzcnt(.rax, .r8, is64: false) }
        check("bswap r13") { $0.bswap(.r13, is64: true) }
        check("cmovae rbp, rdi") { $0.cmov(.ae, .rbp, .rdi, is64: true) }
        check("seto al") { $0.setcc(.o, .rax) }
        check("bt r9, 0x2a") { $0.bt(.r9, bit: 42) }
        check("test esi, 0x80") { $0.test(.rsi, imm: 0x80, is64: false) }
    }

    func testAtomicsAndSSE() {
        check("lock cmpxchg qword ptr [r12], r13") { $0.lockCmpxchg(Mem(.r12, 0), .r13, size: 8) }
        check("lock cmpxchg byte ptr [rbx], sil") { $0.lockCmpxchg(Mem(.rbx, 0), .rsi, size: 1) }
        check("lock cmpxchg16b xmmword ptr [rsi]") { $0.lockCmpxchg16b(Mem(.rsi, 0)) }
        check("stmxcsr dword ptr [r15 + 0x170]") { $0.stmxcsr(Mem(.r15, 0x170)) }
        check("ldmxcsr dword ptr [r15 + 0x170]") { $0.ldmxcsr(Mem(.r15, 0x170)) }
        check("xchg word ptr [rbp], ax") { $0.xchg(Mem(.rbp, 0), .rax, size: 2) }
        check("xchg byte ptr [r13], al") { $0.xchg(Mem(.r13, 0), .rax, size: 1) }
        check("xchg qword ptr [rsp + 8], rax") { $0.xchg(Mem(.rsp, 8), .rax, size: 8) }
        check("lock cmpxchg word ptr [r8], cx") { $0.lockCmpxchg(Mem(.r8, 0), .rcx, size: 2) }
        check("lock cmpxchg dword ptr [rbp], r11d") { $0.lockCmpxchg(Mem(.rbp, 0), .r11, size: 4) }
        check("lock xadd byte ptr [rdi], al") { $0.lockXadd(Mem(.rdi, 0), .rax, size: 1) }
        check("lock xadd word ptr [r12], ax") { $0.lockXadd(Mem(.r12, 0), .rax, size: 2) }
        check("lock xadd dword ptr [rsp], eax") { $0.lockXadd(Mem(.rsp, 0), .rax, size: 4) }
        check("lock xadd qword ptr [r13], rax") { $0.lockXadd(Mem(.r13, 0), .rax, size: 8) }
        check("lock add byte ptr [rbx], dil") { $0.lockALU(.add, Mem(.rbx, 0), .rdi, size: 1) }
        check("lock or word ptr [r9], r10w") { $0.lockALU(.or, Mem(.r9, 0), .r10, size: 2) }
        check("lock and dword ptr [rsi], edx") { $0.lockALU(.and, Mem(.rsi, 0), .rdx, size: 4) }
        check("lock xor qword ptr [rbp], r14") { $0.lockALU(.xor, Mem(.rbp, 0), .r14, size: 8) }
        check("cmovl rcx, rdx") { $0.cmov(.l, .rcx, .rdx, is64: true) }
        check("cmova rcx, rdx") { $0.cmov(.a, .rcx, .rdx, is64: true) }
        check("movsx rdx, sil") { $0.extend(.rdx, .rsi, bits: 8, signed: true) }
        check("movzx edx, r9w") { $0.extend(.rdx, .r9, bits: 16, signed: false) }
        check("movsxd rcx, eax") { $0.extend(.rcx, .rax, bits: 32, signed: true) }
        check("push rbx; push rsi; pop rsi; pop rbx") { $0.push(.rbx); $0.push(.rsi); $0.pop(.rsi); $0.pop(.rbx) }
        check("movdqu xmm1, xmmword ptr [r15 + 0x290]") { $0.movdquLoad(XMM(1), Mem(.r15, 656)) }
        check("movdqu xmmword ptr [rbx + 0x10], xmm0") { $0.movdquStore(Mem(.rbx, 16), XMM(0)) }
        check("movq xmm2, qword ptr [r9]") { $0.movqLoad(XMM(2), Mem(.r9, 0)) }
        check("movq rax, xmm3") { $0.movFromXMM(.rax, XMM(3), is64: true) }
        check("cvtsi2sd xmm0, r12") { $0.cvtsi2f(XMM(0), .r12, double: true, is64: true) }
        check("cvttss2si ebx, xmm1") { $0.cvttf2si(.rbx, XMM(1), double: false, is64: false) }
        check("roundsd xmm0, xmm0, 9") { $0.roundF(XMM(0), XMM(0), double: true, rounding: .down) }
        check("roundsd xmm0, xmm0, 8") { $0.roundF(XMM(0), XMM(0), double: true, rounding: .nearestEven) }
        check("roundsd xmm0, xmm0, 0xa") { $0.roundF(XMM(0), XMM(0), double: true, rounding: .up) }
        check("roundss xmm0, xmm0, 0xb") { $0.roundF(XMM(0), XMM(0), double: false, rounding: .towardZero) }
        check("roundss xmm0, xmm0, 0xc") { $0.roundF(XMM(0), XMM(0), double: false, rounding: .current) }
        check("vfmadd231sd xmm0, xmm1, xmm2") { $0.vfmadd231(XMM(0), XMM(1), XMM(2), double: true) }
        check("pcmpeqb xmm0, xmm1") { $0.pcmpeq(XMM(0), XMM(1), lanes: .b8) }
        check("pinsrq xmm1, r9, 1") { $0.pinsrq(XMM(1), .r9, lane: 1) }
        check("psrldq xmm0, 8") { $0.psrldq(XMM(0), 8) }
        check("psrlw xmm3, 8") { $0.psrlw(XMM(3), 8) }
        check("palignr xmm1, xmm0, 7") { $0.palignr(XMM(1), XMM(0), 7) }
        check("insertps xmm0, xmm12, 0xe") { $0.insertps(XMM(0), XMM(12), 0x0E) }
        check("punpcklqdq xmm0, xmm2") { $0.punpcklqdq(XMM(0), XMM(2)) }
        check("pshufd xmm0, xmm0, 0x44") { $0.pshufd(XMM(0), XMM(0), 0x44) }
        check("pshufb xmm0, xmm1") { $0.pshufb(XMM(0), XMM(1)) }
        check("movd xmm0, eax") { $0.movToXMM(XMM(0), .rax, is64: false) }
    }

    func testCryptoForms() {
        check("aesenc xmm0, xmm2") { $0.aesenc(XMM(0), XMM(2)) }
        check("aesenclast xmm9, xmm2") { $0.aesenclast(XMM(9), XMM(2)) }
        check("aesdeclast xmm0, xmm10") { $0.aesdeclast(XMM(0), XMM(10)) }
        check("aesimc xmm0, xmm0") { $0.aesimc(XMM(0), XMM(0)) }
        check("pclmulqdq xmm0, xmm1, 0x11") { $0.pclmulqdq(XMM(0), XMM(1), 0x11) }
        check("sha256rnds2 xmm4, xmm3") { $0.sha256rnds2(XMM(4), XMM(3)) }
        check("sha256msg1 xmm0, xmm1") { $0.sha256msg1(XMM(0), XMM(1)) }
        check("sha256msg2 xmm0, xmm2") { $0.sha256msg2(XMM(0), XMM(2)) }
        check("sha1rnds4 xmm1, xmm2, 2") { $0.sha1rnds4(XMM(1), XMM(2), 2) }
        check("sha1msg2 xmm0, xmm1") { $0.sha1msg2(XMM(0), XMM(1)) }
    }

    func testSSEIntegerForms() {
        check("pand xmm0, xmm3") { $0.pand(XMM(0), XMM(3)) }
        check("pandn xmm3, xmm2") { $0.pandn(XMM(3), XMM(2)) }
        check("por xmm4, xmm3") { $0.por(XMM(4), XMM(3)) }
        check("pxor xmm1, xmm1") { $0.pxor(XMM(1), XMM(1)) }
        check("pcmpeqw xmm3, xmm3") { $0.pcmpeq(XMM(3), XMM(3), lanes: .b16) }
        check("pcmpeqd xmm2, xmm2") { $0.pcmpeq(XMM(2), XMM(2), lanes: .b32) }
        check("pcmpeqq xmm5, xmm2") { $0.pcmpeq(XMM(5), XMM(2), lanes: .b64) }
        check("paddb xmm0, xmm2") { $0.padd(XMM(0), XMM(2), lanes: .b8) }
        check("paddw xmm0, xmm1") { $0.padd(XMM(0), XMM(1), lanes: .b16) }
        check("paddd xmm0, xmm1") { $0.padd(XMM(0), XMM(1), lanes: .b32) }
        check("paddq xmm0, xmm1") { $0.padd(XMM(0), XMM(1), lanes: .b64) }
        check("psubb xmm0, xmm1") { $0.psub(XMM(0), XMM(1), lanes: .b8) }
        check("psubw xmm0, xmm1") { $0.psub(XMM(0), XMM(1), lanes: .b16) }
        check("psubd xmm0, xmm1") { $0.psub(XMM(0), XMM(1), lanes: .b32) }
        check("psubq xmm0, xmm1") { $0.psub(XMM(0), XMM(1), lanes: .b64) }
        check("pmaxub xmm0, xmm2") { $0.pmaxub(XMM(0), XMM(2)) }
        check("pminub xmm1, xmm2") { $0.pminub(XMM(1), XMM(2)) }
        check("packuswb xmm0, xmm1") { $0.packuswb(XMM(0), XMM(1)) }
        check("pmovzxbw xmm0, xmm0") { $0.pmovx(XMM(0), XMM(0), from: .b8, signed: false) }
        check("pmovzxwd xmm0, xmm0") { $0.pmovx(XMM(0), XMM(0), from: .b16, signed: false) }
        check("pmovzxdq xmm0, xmm0") { $0.pmovx(XMM(0), XMM(0), from: .b32, signed: false) }
        check("pmovsxbw xmm0, xmm1") { $0.pmovx(XMM(0), XMM(1), from: .b8, signed: true) }
        check("pmovsxwd xmm0, xmm1") { $0.pmovx(XMM(0), XMM(1), from: .b16, signed: true) }
        check("pmovsxdq xmm0, xmm1") { $0.pmovx(XMM(0), XMM(1), from: .b32, signed: true) }
        check("psllw xmm0, 3") { $0.pshift(.shl, XMM(0), lanes: .b16, 3) }
        check("pslld xmm3, 0x1f") { $0.pshift(.shl, XMM(3), lanes: .b32, 31) }
        check("psllq xmm3, 0x3f") { $0.pshift(.shl, XMM(3), lanes: .b64, 63) }
        check("psrld xmm0, 5") { $0.pshift(.shr, XMM(0), lanes: .b32, 5) }
        check("psrlq xmm0, 5") { $0.pshift(.shr, XMM(0), lanes: .b64, 5) }
        check("psraw xmm0, 0xf") { $0.pshift(.sar, XMM(0), lanes: .b16, 15) }
        check("psrad xmm0, 0x20") { $0.pshift(.sar, XMM(0), lanes: .b32, 32) }
        check("pinsrb xmm0, esi, 0xf") { $0.pinsr(XMM(0), .rsi, lane: 15, size: .b8) }
        check("pinsrw xmm0, r9d, 7") { $0.pinsr(XMM(0), .r9, lane: 7, size: .b16) }
        check("pinsrd xmm0, r12d, 3") { $0.pinsr(XMM(0), .r12, lane: 3, size: .b32) }
        check("ptest xmm0, xmm1") { $0.ptest(XMM(0), XMM(1)) }
        check("movq xmm0, xmm0") { $0.movq(XMM(0), XMM(0)) }
        check("movq qword ptr [r15 + 0x10], xmm1") { $0.movqStore(Mem(.r15, 16), XMM(1)) }
        check("movd xmm0, dword ptr [r15 + 0x20]") { $0.movdLoad(XMM(0), Mem(.r15, 32)) }
        check("movd dword ptr [rbx], xmm2") { $0.movdStore(Mem(.rbx, 0), XMM(2)) }
        check("movaps xmm6, xmm2") { $0.movaps(XMM(6), XMM(2)) }
    }

    /// The forms of the inline vector lowerings (EmitVector.swift), high registers included.
    func testVectorLoweringForms() {
        check("pcmpgtb xmm0, xmm1") { $0.pcmpgt(XMM(0), XMM(1), lanes: .b8) }
        check("pcmpgtw xmm0, xmm1") { $0.pcmpgt(XMM(0), XMM(1), lanes: .b16) }
        check("pcmpgtd xmm2, xmm0") { $0.pcmpgt(XMM(2), XMM(0), lanes: .b32) }
        check("pcmpgtq xmm0, xmm1") { $0.pcmpgt(XMM(0), XMM(1), lanes: .b64) }
        check("pmaxsb xmm0, xmm1") { $0.pminmax(XMM(0), XMM(1), lanes: .b8, max: true, signed: true) }
        check("pminsb xmm0, xmm1") { $0.pminmax(XMM(0), XMM(1), lanes: .b8, max: false, signed: true) }
        check("pmaxub xmm0, xmm1") { $0.pminmax(XMM(0), XMM(1), lanes: .b8, max: true, signed: false) }
        check("pminub xmm6, xmm5") { $0.pminmax(XMM(6), XMM(5), lanes: .b8, max: false, signed: false) }
        check("pmaxsw xmm0, xmm1") { $0.pminmax(XMM(0), XMM(1), lanes: .b16, max: true, signed: true) }
        check("pminsw xmm0, xmm1") { $0.pminmax(XMM(0), XMM(1), lanes: .b16, max: false, signed: true) }
        check("pmaxuw xmm2, xmm0") { $0.pminmax(XMM(2), XMM(0), lanes: .b16, max: true, signed: false) }
        check("pminuw xmm0, xmm1") { $0.pminmax(XMM(0), XMM(1), lanes: .b16, max: false, signed: false) }
        check("pmaxsd xmm0, xmm1") { $0.pminmax(XMM(0), XMM(1), lanes: .b32, max: true, signed: true) }
        check("pminsd xmm0, xmm1") { $0.pminmax(XMM(0), XMM(1), lanes: .b32, max: false, signed: true) }
        check("pmaxud xmm0, xmm1") { $0.pminmax(XMM(0), XMM(1), lanes: .b32, max: true, signed: false) }
        check("pminud xmm0, xmm1") { $0.pminmax(XMM(0), XMM(1), lanes: .b32, max: false, signed: false) }
        check("pmullw xmm0, xmm1") { $0.pmull(XMM(0), XMM(1), lanes: .b16) }
        check("pmulld xmm0, xmm1") { $0.pmull(XMM(0), XMM(1), lanes: .b32) }
        check("pmuludq xmm0, xmm1") { $0.pmulEvenDwords(XMM(0), XMM(1), signed: false) }
        check("pmuldq xmm0, xmm1") { $0.pmulEvenDwords(XMM(0), XMM(1), signed: true) }
        check("punpcklbw xmm0, xmm1") { $0.punpck(XMM(0), XMM(1), lanes: .b8, high: false) }
        check("punpckhbw xmm0, xmm1") { $0.punpck(XMM(0), XMM(1), lanes: .b8, high: true) }
        check("punpcklwd xmm0, xmm1") { $0.punpck(XMM(0), XMM(1), lanes: .b16, high: false) }
        check("punpckhwd xmm0, xmm1") { $0.punpck(XMM(0), XMM(1), lanes: .b16, high: true) }
        check("punpckldq xmm0, xmm1") { $0.punpck(XMM(0), XMM(1), lanes: .b32, high: false) }
        check("punpckhdq xmm0, xmm1") { $0.punpck(XMM(0), XMM(1), lanes: .b32, high: true) }
        check("punpcklqdq xmm1, xmm0") { $0.punpck(XMM(1), XMM(0), lanes: .b64, high: false) }
        check("punpckhqdq xmm2, xmm1") { $0.punpck(XMM(2), XMM(1), lanes: .b64, high: true) }
        check("packssdw xmm0, xmm1") { $0.packssdw(XMM(0), XMM(1)) }
        check("shufps xmm0, xmm1, 0x88") { $0.shufps(XMM(0), XMM(1), 0x88) }
        check("pslldq xmm0, 8") { $0.pslldq(XMM(0), 8) }
        check("phaddw xmm0, xmm0") { $0.phadd(XMM(0), XMM(0), lanes: .b16) }
        check("phaddd xmm0, xmm0") { $0.phadd(XMM(0), XMM(0), lanes: .b32) }
        check("psadbw xmm0, xmm1") { $0.psadbw(XMM(0), XMM(1)) }
        check("pabsb xmm0, xmm0") { $0.pabs(XMM(0), XMM(0), lanes: .b8) }
        check("cvtdq2ps xmm0, xmm0") { $0.cvtdq2ps(XMM(0), XMM(0)) }
        check("paddsb xmm0, xmm1") { $0.psat(XMM(0), XMM(1), lanes: .b8, subtract: false, signed: true) }
        check("paddsw xmm0, xmm1") { $0.psat(XMM(0), XMM(1), lanes: .b16, subtract: false, signed: true) }
        check("paddusb xmm0, xmm1") { $0.psat(XMM(0), XMM(1), lanes: .b8, subtract: false, signed: false) }
        check("paddusw xmm0, xmm1") { $0.psat(XMM(0), XMM(1), lanes: .b16, subtract: false, signed: false) }
        check("psubsb xmm0, xmm1") { $0.psat(XMM(0), XMM(1), lanes: .b8, subtract: true, signed: true) }
        check("psubsw xmm0, xmm1") { $0.psat(XMM(0), XMM(1), lanes: .b16, subtract: true, signed: true) }
        check("psubusb xmm0, xmm1") { $0.psat(XMM(0), XMM(1), lanes: .b8, subtract: true, signed: false) }
        check("psubusw xmm0, xmm1") { $0.psat(XMM(0), XMM(1), lanes: .b16, subtract: true, signed: false) }
        check("pmovmskb eax, xmm2") { $0.pmovmskb(.rax, XMM(2)) }
        check("sqrtps xmm0, xmm0") { $0.sqrtPacked(XMM(0), XMM(0), double: false) }
        check("sqrtpd xmm0, xmm0") { $0.sqrtPacked(XMM(0), XMM(0), double: true) }
        check("roundps xmm0, xmm0, 9") { $0.roundPacked(XMM(0), XMM(0), double: false, rounding: .down) }
        check("roundpd xmm0, xmm0, 4") { $0.roundPacked(XMM(0), XMM(0), double: true, rounding: .current, reportInexact: true) }
        check("cvtps2pd xmm0, xmm0") { $0.cvtps2pd(XMM(0), XMM(0)) }
        check("cvttps2dq xmm2, xmm0") { $0.cvttps2dq(XMM(2), XMM(0)) }
        check("pabsw xmm0, xmm0") { $0.pabs(XMM(0), XMM(0), lanes: .b16) }
        check("pabsd xmm0, xmm0") { $0.pabs(XMM(0), XMM(0), lanes: .b32) }
        check("cmpleps xmm1, xmm0") { $0.cmpPacked(XMM(1), XMM(0), predicate: .lessOrEqual, double: false) }
        check("cmpltpd xmm1, xmm0") { $0.cmpPacked(XMM(1), XMM(0), predicate: .less, double: true) }
        check("cmpeqpd xmm0, xmm1") { $0.cmpPacked(XMM(0), XMM(1), predicate: .equal, double: true) }
        check("paddusb xmm5, xmm2") { $0.paddusb(XMM(5), XMM(2)) }
        check("vpblendvb xmm0, xmm0, xmm6, xmm5") { $0.vblendv(XMM(0), XMM(0), XMM(6), mask: XMM(5), lanes: .b8) }
        check("vblendvps xmm4, xmm4, xmm9, xmm5") { $0.vblendv(XMM(4), XMM(4), XMM(9), mask: XMM(5), lanes: .b32) }
        check("vblendvpd xmm0, xmm0, xmm4, xmm3") { $0.vblendv(XMM(0), XMM(0), XMM(4), mask: XMM(3), lanes: .b64) }
        check("vfmadd231ps xmm0, xmm1, xmm2") { $0.vfmadd231Packed(XMM(0), XMM(1), XMM(2), double: false) }
        check("vfmadd231pd xmm4, xmm1, xmm2") { $0.vfmadd231Packed(XMM(4), XMM(1), XMM(2), double: true) }
        check("movaps xmm8, xmm7") { $0.movaps(XMM(8), XMM(7)) }
        check("pcmpeqq xmm10, xmm12") { $0.pcmpeq(XMM(10), XMM(12), lanes: .b64) }
        check("paddq xmm11, xmm11") { $0.padd(XMM(11), XMM(11), lanes: .b64) }
        check("cmpunordpd xmm5, xmm5") { $0.cmpPacked(XMM(5), XMM(5), predicate: .unordered, double: true) }
        check("pandn xmm8, xmm5") { $0.pandn(XMM(8), XMM(5)) }
        check("vblendvpd xmm4, xmm4, xmm9, xmm13") { $0.vblendv(XMM(4), XMM(4), XMM(9), mask: XMM(13), lanes: .b64) }
        check("vmulsd xmm0, xmm7, xmm12") { $0.vscalarFP(.mul, XMM(0), XMM(7), XMM(12), double: true) }
        check("vaddss xmm0, xmm9, xmm1") { $0.vscalarFP(.add, XMM(0), XMM(9), XMM(1), double: false) }
        check("vdivpd xmm0, xmm13, xmm8") { $0.vpackedFP(.div, XMM(0), XMM(13), XMM(8), double: true) }
        check("vsubps xmm0, xmm2, xmm1") { $0.vpackedFP(.sub, XMM(0), XMM(2), XMM(1), double: false) }
        check("vcmpeq_uqpd xmm3, xmm3, xmm14") { $0.vcmpPacked(XMM(3), XMM(3), XMM(14), predicate: .equalOrUnordered, double: true) }
        check("vcmpunordps xmm3, xmm0, xmm0") { $0.vcmpPacked(XMM(3), XMM(0), XMM(0), predicate: .unordered, double: false) }
        check("vpand xmm3, xmm11, xmm15") { $0.vpand(XMM(3), XMM(11), XMM(15)) }
        check("vsqrtsd xmm0, xmm8, xmm8") { $0.vsqrtScalar(XMM(0), XMM(8), XMM(8), double: true) }
        check("vsqrtss xmm0, xmm1, xmm13") { $0.vsqrtScalar(XMM(0), XMM(1), XMM(13), double: false) }
        check("vpand xmm3, xmm0, xmmword ptr [r15 + 0x6b0]") { $0.vpand(XMM(3), XMM(0), Mem(.r15, 0x6B0)) }
        check("vpand xmm11, xmm9, xmmword ptr [rax + rcx*8 + 8]") { $0.vpand(XMM(11), XMM(9), Mem(.rax, index: .rcx, scale: 8, disp: 8)) }
        check("ucomisd xmm3, qword ptr [r15 + 0x6c0]") { $0.compareScalar(XMM(3), Mem(.r15, 0x6C0), double: true) }
        check("ucomiss xmm3, dword ptr [r15 + 0x6d0]") { $0.compareScalar(XMM(3), Mem(.r15, 0x6D0), double: false) }
        check("vpor xmm9, xmm10, xmm0") { $0.vpor(XMM(9), XMM(10), XMM(0)) }
        check("vpxor xmm15, xmm14, xmm13") { $0.vpxor(XMM(15), XMM(14), XMM(13)) }
        check("vpaddq xmm8, xmm1, xmm12") { $0.vpadd(XMM(8), XMM(1), XMM(12), lanes: .b64) }
        check("vpaddb xmm0, xmm1, xmm2") { $0.vpadd(XMM(0), XMM(1), XMM(2), lanes: .b8) }
        check("vpsubd xmm7, xmm6, xmm5") { $0.vpsub(XMM(7), XMM(6), XMM(5), lanes: .b32) }
        check("vpsubw xmm7, xmm6, xmm5") { $0.vpsub(XMM(7), XMM(6), XMM(5), lanes: .b16) }
        check("vpcmpeqb xmm11, xmm12, xmm13") { $0.vpcmpeq(XMM(11), XMM(12), XMM(13), lanes: .b8) }
        check("vpcmpeqq xmm11, xmm2, xmm13") { $0.vpcmpeq(XMM(11), XMM(2), XMM(13), lanes: .b64) }
        check("vpmaxub xmm0, xmm14, xmm2") { $0.vpmaxub(XMM(0), XMM(14), XMM(2)) }
        check("vpminub xmm1, xmm9, xmm2") { $0.vpminub(XMM(1), XMM(9), XMM(2)) }
        check("vpackuswb xmm15, xmm0, xmm1") { $0.vpackuswb(XMM(15), XMM(0), XMM(1)) }
        check("vpsllw xmm2, xmm14, 8") { $0.vpshiftWords(left: true, XMM(2), XMM(14), 8) }
        check("vpsrlw xmm0, xmm9, 8") { $0.vpshiftWords(left: false, XMM(0), XMM(9), 8) }
    }

    func testSSEFloatForms() {
        check("addss xmm0, xmm1") { $0.scalarFP(.add, XMM(0), XMM(1), double: false) }
        check("subsd xmm0, xmm1") { $0.scalarFP(.sub, XMM(0), XMM(1), double: true) }
        check("mulsd xmm4, xmm1") { $0.scalarFP(.mul, XMM(4), XMM(1), double: true) }
        check("divss xmm4, xmm1") { $0.scalarFP(.div, XMM(4), XMM(1), double: false) }
        check("addps xmm0, xmm1") { $0.packedFP(.add, XMM(0), XMM(1), double: false) }
        check("subpd xmm0, xmm1") { $0.packedFP(.sub, XMM(0), XMM(1), double: true) }
        check("mulps xmm0, xmm1") { $0.packedFP(.mul, XMM(0), XMM(1), double: false) }
        check("divpd xmm0, xmm1") { $0.packedFP(.div, XMM(0), XMM(1), double: true) }
        check("sqrtsd xmm0, xmm0") { $0.sqrtScalar(XMM(0), XMM(0), double: true) }
        check("sqrtss xmm0, xmm0") { $0.sqrtScalar(XMM(0), XMM(0), double: false) }
        check("cvtss2sd xmm0, xmm0") { $0.cvtScalarPrecision(XMM(0), XMM(0), toDouble: true) }
        check("cvtsd2ss xmm4, xmm3") { $0.cvtScalarPrecision(XMM(4), XMM(3), toDouble: false) }
        check("cmpunordps xmm3, xmm3") { $0.cmpPacked(XMM(3), XMM(3), predicate: .unordered, double: false) }
        check("cmpordpd xmm4, xmm1") { $0.cmpPacked(XMM(4), XMM(1), predicate: .ordered, double: true) }
        check("ucomiss xmm0, xmm1") { $0.compareScalar(XMM(0), XMM(1), double: false) }
        check("ucomisd xmm2, xmm2") { $0.compareScalar(XMM(2), XMM(2), double: true) }
        check("comisd xmm0, xmm1") { $0.compareScalar(XMM(0), XMM(1), double: true, signaling: true) }
        check("comiss xmm0, xmm1") { $0.compareScalar(XMM(0), XMM(1), double: false, signaling: true) }
        check("movmskps eax, xmm3") { $0.movmsk(.rax, XMM(3), double: false) }
        check("movmskpd eax, xmm3") { $0.movmsk(.rax, XMM(3), double: true) }
        check("cvtsi2ss xmm0, ebx") { $0.cvtsi2f(XMM(0), .rbx, double: false, is64: false) }
        check("cvttsd2si r9, xmm0") { $0.cvttf2si(.r9, XMM(0), double: true, is64: true) }
        check("roundss xmm0, xmm0, 4") { $0.roundF(XMM(0), XMM(0), double: false, rounding: .current, reportInexact: true) }
        check("vfmadd231ss xmm4, xmm1, xmm2") { $0.vfmadd231(XMM(4), XMM(1), XMM(2), double: false) }
    }

    func testBranchesAndPatchableSites() {
        check("jmp 0") { $0.jmp(to: 0) }
        check("call 5") { $0.call(to: 5) }
        check("jne 0") { $0.jcc(.ne, to: 0) }
        // A patchable site's rel32 is 4-byte aligned, whatever precedes it.
        for padding in 0..<4 {
            var a = X64Assembler()
            for _ in 0..<padding { a.nop(1) }
            let sites = [a.jmpPatchable(), a.jccPatchable(.e), a.callPatchable()]
            for s in sites { XCTAssertEqual(s.offset % 4, 0, "padding \(padding)") }
        }
        // leaRIP of a site gives that site's address.
        // jmp (0...4, site at 1), lea (5...11): 1 - 12 = -0xb.
        check("jmp 0; lea rax, [rip - 0xb]") { a in let s = a.jmp(to: 0); a.leaRIP(.rax, site: s) }
        XCTAssertEqual(X64Assembler.rel32(site: 0x1000, target: 0x2000), 0xFFC)
        // A block's entry poll turned into a jump past it (the bytes after the jump never run).
        var poll = X64Assembler()
        poll.cmpMemImm8(Mem(.r15, 0x100), 0)
        poll.jcc(.ne, to: 0)
        poll.replaceWithJumpOver(0..<poll.position)
        XCTAssertEqual(poll.position, X64Emitter.pollBytes)
        let text = Disassembler.x86(poll.bytes, at: 0).map { $0.text }
        XCTAssertEqual(text.first, "jmp 0xe", "\(text)")
    }

    /// The entry/exit trampolines, as the code cache installs them.
    func testTrampolines() {
        let t = Trampolines(jumpCacheMask: 0xFFFF)
        let lines = Disassembler.x86(t.code.bytes, at: 0)
        let at = Dictionary(lines.map { ($0.address, $0.text) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(at[UInt64(t.enter)], "push rbx")
        XCTAssertEqual(at[UInt64(t.exit)].map { $0.hasPrefix("stmxcsr") }, true)
        XCTAssertEqual(at[UInt64(t.returnSentinel)], "lea rcx, [rip - 7]")
        XCTAssertEqual(at[UInt64(t.faultResume)], "mov eax, \(ExitCode.fault.rawValue)")
        // The entry pushes the sentinel's own address.
        let lea = lines.first { $0.text.hasPrefix("lea rax, [rip") }!
        let rel = Int(lea.text.split(separator: "+").last!.dropLast().trimmingCharacters(in: .whitespaces).dropFirst(2), radix: 16)!
        XCTAssertEqual(Int(lea.address) + 7 + rel, t.returnSentinel)
    }

    /// The fault area's layout is CSupport.h's: as many promoted-register words as loop
    /// promotion has host registers.
    func testFaultAreaHoldsEveryPromotedRegister() {
        XCTAssertEqual(LoopPromotion.hostRegisters.count, Int(CR_FAULT_PROMOTED_COUNT))
        XCTAssertLessThanOrEqual(CR_FAULT_PROMOTED + CR_FAULT_PROMOTED_COUNT, CR_FAULT_EFLAGS)
        XCTAssertLessThan(CR_FAULT_EFLAGS, CR_FAULT_WORDS)
    }
}
